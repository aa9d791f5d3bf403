/**
 * istiod's identity and permissions: its ServiceAccount (and the reader's of Istio's base chart),
 * and the ClusterRoles and Role granting them the rules of `rbac.ts`, each with its binding.
 */
import { ApiObject } from 'cdk8s';
import { KubeClusterRole, KubeClusterRoleBinding, KubeRole, KubeRoleBinding, KubeServiceAccount, PolicyRule } from 'cdk8s-plus-27/lib/imports/k8s';
import { Install } from './install';
import { GATEWAY_CONTROLLER_RULES, ISTIOD_CLUSTER_RULES, ISTIOD_NAMESPACE_RULES, READER_CLUSTER_RULES } from './rbac';
import { clusterScoped } from '../cluster-scoped';

const READER = 'istio-reader-service-account';

/**
 * istiod's ServiceAccount, after the reader's (the identity remote clusters and tools read the
 * mesh with), which one install per namespace creates.
 *
 * @returns istiod's ServiceAccount
 */
export function createServiceAccounts(install: Install, withReader: boolean): ApiObject {
  const { scope, names: n, labels: l } = install;
  if (withReader) {
    install.namespaced(new KubeServiceAccount(scope, 'ReaderServiceAccount', {
      metadata: { name: READER, namespace: n.namespace, labels: l.reader('base') },
    }));
  }
  return install.namespaced(new KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name: n.istiod, namespace: n.namespace, labels: l.istiod },
  }));
}

/** The reader's, istiod's and the gateway controller's ClusterRoles, each bound to its ServiceAccount. */
export function createClusterRoles(install: Install): void {
  const { names: n, labels: l } = install;
  clusterRole(install, 'Reader', `istio-reader-clusterrole${n.suffix}-${n.namespace}`, l.reader('istiod'), READER_CLUSTER_RULES, READER);
  clusterRole(install, 'Istiod', `istiod-clusterrole${n.suffix}-${n.namespace}`, l.istiod, ISTIOD_CLUSTER_RULES, n.istiod);
  clusterRole(install, 'GatewayController', `istiod-gateway-controller${n.suffix}-${n.namespace}`, l.istiod, GATEWAY_CONTROLLER_RULES, n.istiod);
}

/** istiod's Role in its own namespace, bound to its ServiceAccount. */
export function createNamespaceRole(install: Install): void {
  const { scope, names: n, labels: l } = install;
  const metadata = { name: n.istiod, namespace: n.namespace, labels: l.istiod };
  const role = install.namespaced(new KubeRole(scope, 'Role', { metadata, rules: ISTIOD_NAMESPACE_RULES }));
  install.namespaced(new KubeRoleBinding(scope, 'RoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n.istiod },
    subjects: [{ kind: 'ServiceAccount', name: n.istiod, namespace: n.namespace }],
  })).addDependency(role);
}

function clusterRole(
  install: Install, id: string, name: string, labels: { [key: string]: string }, rules: PolicyRule[], serviceAccount: string,
): void {
  const role = clusterScoped(new KubeClusterRole(install.scope, `${id}ClusterRole`, { metadata: { name, labels }, rules }));
  clusterScoped(new KubeClusterRoleBinding(install.scope, `${id}ClusterRoleBinding`, {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: install.names.namespace }],
  })).addDependency(role);
}
