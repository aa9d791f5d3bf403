/**
 * The security objects of the mesh and of each namespace it owns: allow-nothing (or allow-all)
 * AuthorizationPolicies where a namespace's authorization differs from what the root namespace
 * says (an app-team mesh has no say there: each namespace it owns carries the mesh's setting), and
 * default Sidecars where a scope scopes sidecars or restricts outbound traffic.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { defaultSidecar } from './sidecar';
import { AuthorizationMode } from '../../authorization-mode';
import { DataPlaneMode } from '../../data-plane';
import { AuthorizationPolicy } from '../../imports/security.istio.io';
import { IMesh } from '../../interfaces/mesh';
import { SecurityModel } from '../../model/security';

/** The root namespace's objects: a mesh-wide allow-nothing policy, a mesh-wide default Sidecar for outbound traffic. */
export function meshSecurityObjects(scope: Construct, mesh: IMesh, security: SecurityModel): ApiObject[] {
  const settings = security.mesh;
  return [
    ...settings.authorization === AuthorizationMode.DENY_BY_DEFAULT ? [allowNothing(scope, 'AllowNothing', mesh.rootNamespace)] : [],
    // scoping is per namespace (in the root namespace's Sidecar, `./*` and `<root>/*` are the same host to Istio's webhook)
    ...settings.outboundTraffic !== undefined ? [defaultSidecar(scope, 'Sidecar', mesh.rootNamespace, false, mesh.rootNamespace, settings.outboundTraffic)] : [],
  ];
}

/**
 * A namespace's objects, where its settings differ from the mesh's (or, in an app-team mesh,
 * where the mesh's would have lived in the root namespace).
 */
export function namespaceSecurityObjects(scope: Construct, mesh: IMesh, security: SecurityModel, namespace: string): ApiObject[] {
  if (namespace === mesh.rootNamespace) {
    return [];
  }
  const own = security.namespaceSettings(namespace);
  // the root namespace's allow-nothing covers every namespace; an app-team mesh has none: its namespaces deny themselves
  const rootDenies = security.meshWide && security.mesh.authorization === AuthorizationMode.DENY_BY_DEFAULT;
  const mode = security.namespaceAuthorization(namespace);
  const objects: ApiObject[] = [];
  if (mode === AuthorizationMode.DENY_BY_DEFAULT && !rootDenies) {
    objects.push(allowNothing(scope, `AllowNothing-${namespace}`, namespace));
  }
  if (mode === AuthorizationMode.OPEN && rootDenies) {
    objects.push(new AuthorizationPolicy(scope, `AllowAll-${namespace}`, {
      metadata: { name: 'allow-all', namespace },
      spec: { rules: [{}] },
    }));
  }
  // a mesh-wide setting the root namespace's Sidecar cannot carry (scoping, or outbound traffic in an app-team mesh)
  const fromMesh = security.mesh.sidecarScoping || (!security.meshWide && security.mesh.outboundTraffic !== undefined);
  // a namespace without sidecars (a gateway's) has no use for a Sidecar: gateways ignore them
  const sidecars = mesh.namespaceDataPlane(namespace).mode !== DataPlaneMode.NONE;
  if (sidecars && (own.sidecarScoping !== undefined || own.outboundTraffic !== undefined || fromMesh)) {
    objects.push(defaultSidecar(scope, `Sidecar-${namespace}`, namespace, security.sidecarScoping(namespace), mesh.rootNamespace,
      security.outboundTraffic(namespace)));
  }
  return objects;
}

/** An AuthorizationPolicy that allows nothing: with no ALLOW policy of their own, the namespace's (or mesh's) workloads accept no request. */
function allowNothing(scope: Construct, id: string, namespace: string): ApiObject {
  return new AuthorizationPolicy(scope, id, { metadata: { name: 'allow-nothing', namespace }, spec: {} });
}

/** Ids of a namespace's security objects under the mesh. */
const NAMESPACE_OBJECT_IDS = ['AllowNothing', 'AllowAll', 'Sidecar'];

/**
 * Replaces a namespace's security objects after its options changed (before any service lives
 * there): the old ones are removed, the new ones depend on the Namespace.
 */
export function replaceNamespaceSecurityObjects(scope: Construct, mesh: IMesh, security: SecurityModel, namespace: string,
  namespaceObject: ApiObject): void {
  for (const id of NAMESPACE_OBJECT_IDS) {
    scope.node.tryRemoveChild(`${id}-${namespace}`);
  }
  for (const obj of namespaceSecurityObjects(scope, mesh, security, namespace)) {
    obj.addDependency(namespaceObject);
  }
}
