/**
 * A container's security context (cdk8s-plus `ContainerSecurityContextProps`, with cdk8s-plus's
 * defaults: non-root, not privileged, no privilege escalation) as Kubernetes and Istio take it.
 */
import * as kplus from 'cdk8s-plus-27';
import { PROXY_UID } from './proxy-ports';
import { INT32_MAX, integerProblem } from './validation';

/**
 * Everything the API server, the kubelet or Istio would reject in a security context.
 *
 * @param proxied whether the pod runs Istio's proxy (then the proxy's UID and GID are taken)
 */
export function securityContextProblems(prop: string, sc: kplus.ContainerSecurityContextProps | undefined, proxied: boolean): string[] {
  if (sc === undefined) {
    return [];
  }
  const privileged = sc.privileged ?? false;
  const escalation = sc.allowPrivilegeEscalation ?? false;
  const nonRoot = sc.ensureNonRoot ?? true;
  const problems: Array<string | undefined> = [];
  for (const field of ['user', 'group'] as const) {
    const id = sc[field];
    problems.push(integerProblem(`${prop}.${field}`, id, 0, INT32_MAX));
    if (proxied && id === PROXY_UID) {
      problems.push(`'${prop}.${field}' ${PROXY_UID} is the ${field === 'user' ? 'UID' : 'GID'} of Istio's proxy: the sidecar lets its traffic bypass the mesh`);
    }
  }
  if (privileged && !escalation) {
    problems.push(`'${prop}.privileged' needs 'allowPrivilegeEscalation: true' (cdk8s-plus defaults it to false): Kubernetes rejects a privileged container that may not escalate`);
  }
  if ((sc.capabilities?.add ?? []).includes(kplus.Capability.SYS_ADMIN) && !escalation) {
    problems.push(`'${prop}.capabilities.add' CAP_SYS_ADMIN needs 'allowPrivilegeEscalation: true' (cdk8s-plus defaults it to false): Kubernetes rejects it otherwise`);
  }
  if (sc.user === 0 && nonRoot) {
    problems.push(`'${prop}.user' 0 runs as root, but 'ensureNonRoot' is true (cdk8s-plus's default): the kubelet would refuse to start the container`);
  }
  return problems.filter((p): p is string => p !== undefined);
}
