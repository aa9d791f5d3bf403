/**
 * Route destinations as Gateway API backends: Kubernetes Services, a version being the Service
 * `<service>-<version>` that a mesh in Gateway API mode emits for it (an HTTPRoute has no subsets).
 */
import { CrossNamespaceRef } from './grants';
import { unsupported } from './values';
import { HttpRouteSpecRulesFiltersRequestMirrorBackendRef as BackendObjectReference } from '../../imports/gateway.networking.k8s.io';
import { IMeshHost } from '../../interfaces/mesh-host';
import { ReferenceModel, referenceModelOf } from '../../model/reference';
import { serviceModelOf } from '../../model/service';
import { listOf } from '../../private/validation';
import { RouteDestination } from '../../route-destination';
import { RoutingApi } from '../../routing-api';

/** Where a route is rendered. */
export interface BackendScope {
  /** Namespace of the route object (backends elsewhere carry their namespace). */
  readonly namespace: string;
  /** The host destinations without `host` send to (a MeshService's own routes). */
  readonly owner?: IMeshHost;
  /** The Service port a mesh route's requests arrive on: destinations without `port` keep it. */
  readonly port?: number;
}

/** The name of the Service of one version of a service. */
export function versionServiceName(service: string, version: string): string {
  return `${service}-${version}`;
}

/**
 * The Service a destination sends to. Problems other modes report too (undeclared versions and
 * ports, missing hosts of gateway routes) are left to them.
 */
export function resolveBackend(scope: BackendScope, d: RouteDestination, prop: string): { ref?: BackendObjectReference; problems: string[] } {
  const host = d.host ?? scope.owner;
  if (host === undefined) {
    return { problems: [] };
  }
  const service = serviceModelOf(host);
  if (!service) {
    const reference = referenceModelOf(host);
    if (reference) {
      return referenceBackend(scope, reference, d);
    }
    return {
      problems: [unsupported('a destination that is not a MeshService or a ServiceReference', `${prop}.host`,
        `'${host.name}' has no Kubernetes Service of its own, and HTTPRoute backends are Services`)],
    };
  }
  const problems: string[] = [];
  let name = service.name;
  if (d.version !== undefined) {
    if (!service.versions.some(v => v.name === d.version)) {
      return { problems };
    }
    if (service.mesh.routingApi !== RoutingApi.GATEWAY_API) {
      problems.push(`'${prop}.version' '${d.version}' needs the Service '${versionServiceName(service.name, d.version)}', which only a mesh with RoutingApi.GATEWAY_API emits, but service '${service.name}' belongs to a mesh with ${service.mesh.routingApi} routing`);
    }
    name = versionServiceName(service.name, d.version);
  }
  const ports = service.ports.map(p => p.port);
  if (d.port !== undefined && !ports.includes(d.port)) {
    return { problems };
  }
  const port = d.port ?? (ports.length === 1 ? ports[0] : scope.port);
  if (port === undefined) {
    return { problems };
  }
  if (!ports.includes(port)) {
    problems.push(`'${prop}' gives no 'port', so requests keep their port ${port}, which is not a port of '${service.name}' (ports: ${listOf(ports.map(String))}): give 'port'`);
    return { problems };
  }
  return {
    problems,
    ref: { group: '', kind: 'Service', name, namespace: service.namespace !== scope.namespace ? service.namespace : undefined, port },
  };
}

/**
 * The Service of a referenced service: `<name>`, or `<name>-<version>` (the Service its owner's
 * mesh in Gateway API mode emits per version). Undeclared versions and ports are reported by the
 * route checks every mode runs.
 */
function referenceBackend(
  scope: BackendScope, reference: ReferenceModel, d: RouteDestination,
): { ref?: BackendObjectReference; problems: string[] } {
  const ports = reference.ports.map(p => p.port);
  // a portless destination of a reference with several ports is reported by the route checks
  const port = d.port ?? (ports.length === 1 ? ports[0] : undefined);
  if ((d.version !== undefined && !reference.versions.includes(d.version)) || port === undefined || !ports.includes(port)) {
    return { problems: [] };
  }
  const name = d.version !== undefined ? versionServiceName(reference.name, d.version) : reference.name;
  return {
    problems: [],
    ref: { group: '', kind: 'Service', name, namespace: reference.namespace !== scope.namespace ? reference.namespace : undefined, port },
  };
}

/**
 * The Services of other namespaces that routes in `fromNamespace` send to (those of
 * ServiceReferences marked `ownerGrants`).
 */
export function crossNamespaceRefs(
  fromKind: CrossNamespaceRef['fromKind'], fromNamespace: string, destinations: RouteDestination[], owner?: IMeshHost,
): CrossNamespaceRef[] {
  return destinations.flatMap(d => {
    const host = d.host ?? owner;
    const service = host && (serviceModelOf(host) ?? referenceModelOf(host));
    if (!service || service.namespace === fromNamespace) {
      return [];
    }
    const toName = d.version !== undefined ? versionServiceName(service.name, d.version) : service.name;
    // a referenced service's namespace belongs to its owner, who grants the reference
    const ownerGrants = serviceModelOf(host!) === undefined;
    return [{ fromKind, fromNamespace, toNamespace: service.namespace, toName, ...ownerGrants ? { ownerGrants } : {} }];
  });
}

/**
 * The weighted backends of a route's destinations (every route kind writes them alike): a lone
 * destination gets weight 1, several their own weights (0 when not given). Problems of unresolved
 * destinations are appended to `problems`.
 */
export function weightedBackends(
  destinations: RouteDestination[],
  resolve: (d: RouteDestination, prop: string) => { ref?: BackendObjectReference; problems: string[] },
  problems: string[],
): Array<BackendObjectReference & { weight: number }> {
  const refs: Array<BackendObjectReference & { weight: number }> = [];
  destinations.forEach((d, i) => {
    const { ref, problems: found } = resolve(d, `destinations[${i}]`);
    problems.push(...found);
    if (ref) {
      refs.push({ ...ref, weight: destinations.length > 1 ? d.weight ?? 0 : 1 });
    }
  });
  return refs;
}
