/**
 * TCP routing in Gateway API mode: TCPRoutes (one rule, no matches, weighted backends).
 *
 * A MeshService gets a TCPRoute per TCP port (GAMMA: the parent is its Service, with the port when
 * it has several), sending the port's connections to the first of its TCP routes that applies to
 * the port, else to the default route (the canary's split, the default version's Service, or the
 * Service itself). A gateway's TCP route becomes a TCPRoute attached to the TCP listeners that
 * serve its hosts (those of the ports its matches name). TCPRoutes need the experimental channel
 * (GatewayApiChannel): Istio reads them as v1alpha2, which the standard channel does not serve.
 */
import { resolveBackend, versionServiceName, weightedBackends } from './backends';
import { unsupported, unsupportedInStandardChannel } from './values';
import { DefaultRoutingKind } from '../../default-routing';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { HttpRouteSpecParentRefs as ParentReference, TcpRouteSpec, TcpRouteSpecRulesBackendRefs as BackendRef } from '../../imports/gateway.networking.k8s.io';
import { Stored } from '../../model/route-table';
import { DefaultDestination, defaultDestinations, ServiceModel } from '../../model/service';
import { routeKindOf, RouteKind } from '../../private/protocol';
import { listOf } from '../../private/validation';
import { Protocol } from '../../protocol';
import { RouteDestination } from '../../route-destination';
import { TcpMatch, TcpRouteOptions } from '../../tcp-route';

const MAX_BACKENDS = 16;
const EXPERIMENTAL_FIX = 'give the mesh gatewayApiChannel GatewayApiChannel.EXPERIMENTAL (with the experimental CRDs installed), or keep it on RoutingApi.ISTIO';
const NOT_SERVED = 'Istio reads TCPRoutes as v1alpha2, which only the experimental channel serves';

/** The TCP ports of a service. */
export function tcpPorts(service: ServiceModel): number[] {
  return service.ports.filter(p => routeKindOf(p.protocol ?? Protocol.HTTP) === RouteKind.TCP).map(p => p.port);
}

/** The name of the TCPRoute of a TCP port: the service name, or `<service>-<port>` when it has several TCP ports. */
export function meshTcpRouteName(service: ServiceModel, port: number): string {
  return tcpPorts(service).length > 1 ? `${service.name}-${port}` : service.name;
}

/** Whether a TCP route applies to connections to `port` of the service (its matches name no other condition). */
function appliesTo(options: TcpRouteOptions, port: number): boolean {
  const matches = options.matches ?? [];
  return matches.length === 0 || matches.some(m => m.port === undefined || m.port === port);
}

/** What of a TCP match a TCPRoute cannot express: it has no matches (a gateway's may name ports). */
function matchProblems(matches: TcpMatch[] | undefined, gateway: boolean): string[] {
  const why = gateway ? 'a TCPRoute forwards every connection of the listeners it attaches to' : 'a TCPRoute forwards every connection to the port of its Service';
  return (matches ?? []).flatMap((m, i) => {
    const prefix = `matches[${i}]`;
    return [
      ...(m.destinationSubnets ?? []).length > 0 ? [unsupported('a destination subnet match', `${prefix}.destinationSubnets`, why)] : [],
      ...Object.keys(m.sourceLabels ?? {}).length > 0 ? [unsupported('a match on the calling workload', `${prefix}.sourceLabels`, why)] : [],
      ...m.sourceNamespace !== undefined ? [unsupported('a match on the calling namespace', `${prefix}.sourceNamespace`, why)] : [],
      ...(m.gateways ?? []).length > 0 ? [unsupported('gateway selection per match', `${prefix}.gateways`, why)] : [],
    ];
  });
}

/** Weighted backends of a TCP route's destinations, within a TCPRoute rule's limit. */
function backendRefs(
  destinations: RouteDestination[], resolve: (d: RouteDestination, prop: string) => ReturnType<typeof resolveBackend>, problems: string[],
): BackendRef[] {
  const refs = weightedBackends(destinations, resolve, problems);
  if (refs.length > MAX_BACKENDS) {
    problems.push(`'destinations' has ${refs.length} entries: a TCPRoute rule has at most ${MAX_BACKENDS} backends`);
  }
  return refs;
}

/** The TCPRoute spec of one TCP port of a service, and what keeps it from meaning what the VirtualService means. */
export function renderMeshTcpRoute(service: ServiceModel, port: number): { spec: TcpRouteSpec; problems: string[] } {
  const problems: string[] = [];
  const own = (name: string, weight: number): BackendRef => ({ group: '', kind: 'Service', name, port, weight });
  const route = service.routes.tcpEntries.find(r => appliesTo(r.options, port));
  let refs: BackendRef[];
  if (route) {
    const found: string[] = [];
    refs = backendRefs(route.options.destinations, (d, prop) => {
      const resolved = resolveBackend({ namespace: service.namespace, owner: service.host, port }, d, prop);
      return resolved.ref?.namespace !== undefined
        ? { problems: [unsupported('a TCP route to a Service of another namespace', `${prop}.host`, `a mesh TCPRoute would need a ReferenceGrant in '${resolved.ref.namespace}', which this library writes for HTTP routes only`)] }
        : resolved;
    }, found);
    problems.push(...found.map(p => `${route.label}: ${p}`));
  } else if (service.canary) {
    const c = service.canary;
    refs = [own(versionServiceName(service.name, c.stableVersion), 100 - c.weight), own(versionServiceName(service.name, c.canaryVersion), c.weight)];
  } else {
    // the service's default routing: a version, a weighted split, or every version (the Service itself)
    const declared = (d: DefaultDestination) => d.version === undefined || service.versions.some(v => v.name === d.version);
    const defaults = (defaultDestinations(service) ?? [{}]).filter(declared);
    refs = defaults.length === 0 ? [own(service.name, 1)] : defaults.map(d => own(
      d.version === undefined ? service.name : versionServiceName(service.name, d.version), defaults.length > 1 ? d.weight ?? 0 : 1));
  }
  const parentRefs: ParentReference[] = [{ group: '', kind: 'Service', name: service.name, port: service.ports.length > 1 ? port : undefined }];
  return { problems, spec: { parentRefs, rules: [{ backendRefs: refs }] } };
}

/** What of a service's TCP routing the channel cannot express, or (experimental) its TCPRoutes cannot. */
export function meshTcpProblems(service: ServiceModel, channel: GatewayApiChannel): string[] {
  const routes = service.routes.tcpEntries;
  if (channel === GatewayApiChannel.STANDARD) {
    const versions = service.versions.map(v => v.name);
    const problems = routes.map((_, i) => `tcpRoutes[${i}]: ${unsupportedInStandardChannel('mesh TCP routing', 'addTcpRoute', `${NOT_SERVED}; ${EXPERIMENTAL_FIX}`)}`);
    const routing = service.defaultRouting;
    const split = routing?.kind === DefaultRoutingKind.WEIGHTED ? 'a weighted split of the versions'
      : `the default version '${service.defaultVersion}'`;
    if (versions.length > 1 && (routing?.kind === DefaultRoutingKind.VERSION || routing?.kind === DefaultRoutingKind.WEIGHTED)) {
      for (const p of service.ports.filter(x => tcpPorts(service).includes(x.port))) {
        problems.push(unsupportedInStandardChannel(`routing port ${p.port} (${p.protocol}) to ${split}`, 'ports',
          `the service has ${versions.length} versions (${listOf(versions)}), and without a TCPRoute (${NOT_SERVED}) its connections would reach every version; `
          + `declare one version, or ${EXPERIMENTAL_FIX}`));
      }
    }
    return problems;
  }
  return [
    ...routes.flatMap(r => matchProblems(r.options.matches, false).map(p => `${r.label}: ${p}`)),
    ...new Set(tcpPorts(service).flatMap(port => renderMeshTcpRoute(service, port).problems)),
  ];
}

/** The name of the TCPRoute of a group's `index`-th TCP route: the group's name, then `-2`, `-3` … */
export function gatewayTcpRouteName(group: string, index: number): string {
  return index === 0 ? group : `${group}-${index + 1}`;
}

/** What a gateway's TCP routes are rendered from. */
export interface GatewayTcpInput {
  readonly namespace: string;
  readonly name: string;
  readonly tcp: ReadonlyArray<Stored<TcpRouteOptions>>;
  /** The TCP listeners serving the group's hosts, with their ports. */
  readonly parents: () => Array<{ ref: ParentReference; port: number }>;
}

/** The TCPRoute of a group's `index`-th TCP route (attached to the TCP listeners of the ports it matches), and its problems. */
export function renderGatewayTcpRoute(g: GatewayTcpInput, index: number): { spec: TcpRouteSpec; problems: string[] } {
  const r = g.tcp[index];
  const problems = matchProblems(r.options.matches, true);
  const ports = matchedPorts(r.options);
  const parents = attachedTo(g, index);
  if (parents.length === 0) {
    problems.push(`no TCP listener of the gateway serves ${ports === undefined ? 'its hosts' : `its hosts on port ${listOf([...ports].map(String))}`}: add a TCP server for them`);
  }
  const refs = backendRefs(r.options.destinations, (d, prop) => resolveBackend({ namespace: g.namespace }, d, prop), problems);
  const sections = new Set(parents.map(p => p.ref.sectionName!));
  g.tcp.slice(0, index).forEach((earlier, e) => {
    const shared = attachedTo(g, e).map(p => p.ref.sectionName!).filter(s => sections.has(s));
    if (shared.length > 0) {
      problems.push(`listener ${listOf(shared)} also carries ${earlier.label}: a TCP listener forwards its connections to one TCPRoute, so TCP routes of one set of hosts must match different ports`);
    }
  });
  return {
    problems: problems.map(p => `${r.label}: ${p}`),
    spec: { parentRefs: parents.map(p => p.ref), rules: [{ backendRefs: refs }] },
  };
}

/** The ports a gateway TCP route's matches name, or undefined when it takes every port. */
function matchedPorts(options: TcpRouteOptions): Set<number> | undefined {
  const matches = options.matches ?? [];
  return matches.length === 0 || matches.some(m => m.port === undefined) ? undefined : new Set(matches.map(m => m.port!));
}

/** The listeners the `index`-th TCP route of a group attaches to. */
function attachedTo(g: GatewayTcpInput, index: number): Array<{ ref: ParentReference; port: number }> {
  const ports = matchedPorts(g.tcp[index].options);
  return g.parents().filter(p => ports === undefined || ports.has(p.port));
}

/** Problems of a group's TCP routes in the standard channel. */
export function gatewayTcpStandardProblems(tcp: ReadonlyArray<Stored<TcpRouteOptions>>): string[] {
  return tcp.map(r => `${r.label}: ${unsupportedInStandardChannel('TCP routing', 'addTcpRoute', `${NOT_SERVED}; ${EXPERIMENTAL_FIX}`)}`);
}
