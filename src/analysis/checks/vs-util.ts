/**
 * Reading VirtualServices: their destinations, gateways and route lists.
 */
import { httpMatchAdmitsAll, MatchScope, tcpMatchAdmitsAll } from '../../private/match-coverage';
import { HostEntry } from '../destination-hosts';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { serviceProtocol } from '../protocols';

/** A route destination of a VirtualService, with where it is. */
export interface RouteDestination {
  /** `http`, `tcp`, `tls`, `http.mirror` or `http.mirrors`. */
  readonly section: string;
  readonly ruleIndex: number;
  readonly destination: any;
}

/** istioctl's `getRouteDestinations`: every `route[].destination` of the tcp, tls and http rules. */
export function routeDestinations(vs: Obj): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const section of ['tcp', 'tls', 'http']) {
    asArray(vs.spec[section]).forEach((rule, ruleIndex) => {
      for (const r of asArray(rule?.route)) {
        if (r?.destination) out.push({ section, ruleIndex, destination: r.destination });
      }
    });
  }
  return out;
}

/** istioctl's `getHTTPMirrorDestinations`: `mirror` and `mirrors[].destination` of the http rules. */
export function mirrorDestinations(vs: Obj): RouteDestination[] {
  const out: RouteDestination[] = [];
  asArray(vs.spec.http).forEach((rule, ruleIndex) => {
    if (rule?.mirror) out.push({ section: 'http.mirror', ruleIndex, destination: rule.mirror });
    for (const m of asArray(rule?.mirrors)) {
      if (m?.destination) out.push({ section: 'http.mirrors', ruleIndex, destination: m.destination });
    }
  });
  return out;
}

export function hostOf(destination: any): string {
  return typeof destination?.host === 'string' ? destination.host : '';
}

export function subsetOf(destination: any): string {
  return typeof destination?.subset === 'string' ? destination.subset : '';
}

/** The destination's port number, or undefined when not set. */
export function portOf(destination: any): number | undefined {
  const n = destination?.port?.number;
  return n === undefined || n === null ? undefined : Number(n);
}

export function gatewaysOf(vs: Obj): string[] {
  return asArray(vs.spec.gateways).map(String);
}

/** Whether a VirtualService applies to sidecars: no gateways, or `mesh` among them. */
export function boundToMesh(vs: Obj): boolean {
  const gateways = gatewaysOf(vs);
  return gateways.length === 0 || gateways.includes('mesh');
}

export function hostsOf(vs: Obj): string[] {
  return asArray(vs.spec.hosts).map(String);
}

export function exportToOf(obj: Obj): string[] {
  return asArray(obj.spec.exportTo).map(String);
}

/** istioctl's `resource.NewShortOrFullName`: `ns/name` as written, or `name` in `namespace`. */
export function shortOrFullName(namespace: string, name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  return slash >= 0 ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { namespace, name };
}

/**
 * What a VirtualService's rules apply to, for deciding which matches admit every request: its
 * namespace and gateways, and between sidecars the ports of its host that carry the section's
 * routes (a port Istio cannot tell the protocol of may carry either). The library's own route
 * checks decide with the same function (src/private/match-coverage.ts).
 */
export function matchScopeOf(model: Model, vs: Obj, section: 'http' | 'tcp'): MatchScope {
  const gateways = gatewaysOf(vs);
  const hosts = hostsOf(vs);
  const entry = gateways.every(g => g === 'mesh') && hosts.length === 1 ? model.lookupHost(vs.namespace, exportToOf(vs), hosts[0]) : undefined;
  return { namespace: vs.namespace, gateways, ports: entry && routedPorts(entry, section) };
}

const HTTP_PROTOCOLS = ['http', 'http2', 'grpc', 'grpc-web'];

function routedPorts(entry: HostEntry, section: 'http' | 'tcp'): number[] {
  const servicePorts = entry.obj.kind === 'Service' ? asArray(entry.obj.spec.ports) : undefined;
  return entry.ports.filter((p, i) => {
    const protocol = servicePorts ? serviceProtocol(servicePorts[i]) : p.protocol.toLowerCase();
    if (protocol === undefined) return true;
    return section === 'http' ? HTTP_PROTOCOLS.includes(protocol) : !HTTP_PROTOCOLS.includes(protocol) && !['https', 'tls'].includes(protocol);
  }).map(p => p.number);
}

/** Whether an HTTP rule matches every request: no match list, or one match that admits every request. */
export function isHttpCatchAllRule(rule: any, scope: MatchScope): boolean {
  const matches = asArray(rule?.match);
  return matches.length === 0 || matches.some(m => m === null || typeof m !== 'object' || httpMatchAdmitsAll(m, scope));
}

/** Whether a TCP rule matches every connection: no match list, or one match that admits every connection. */
export function isTcpCatchAllRule(rule: any, scope: MatchScope): boolean {
  const matches = asArray(rule?.match);
  return matches.length === 0 || matches.some(m => m === null || typeof m !== 'object' || tcpMatchAdmitsAll(m, scope));
}
