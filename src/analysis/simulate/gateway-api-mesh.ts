/**
 * A request from a sidecar to a host whose Service (or ServiceEntry) Gateway API routes are
 * attached to (GAMMA: parentRefs of kind Service). Istio merges the routes of one namespace (and
 * parentRef port) into one VirtualService for the host; a sidecar only takes those of the
 * Service's namespace (producer routes) and of its own (consumer routes). When several
 * VirtualServices claim the host — those of several namespaces, or an Istio VirtualService — the
 * sidecar uses the first only: VirtualServices exported to the client's namespace alone, then
 * consumer routes, then the oldest (by creationTimestamp, then namespace and name).
 */
import { RegexCompiler, RouteEntry } from './gateway-api-match';
import {
  ageOf, backendLookup, compareNumbers, compareStrings, convertedEntries, attachmentsTo, GatewayApiRoute, mergedEntries, routeKey, routeThrough,
} from './gateway-api-routes';
import { isTcp } from './istio-route';
import { NormalizedRequest } from './request';
import { SimulatedRoute } from './types';
import { exportedTo, SimWorld } from './world';
import { toFqdn } from '../hosts';
import { asArray, Obj } from '../objects';

/** The Service or ServiceEntries behind a host that mesh routes can be attached to. */
function parentsOf(world: SimWorld, host: string): Obj[] {
  const suffix = `.svc.${world.domain}`;
  const out: Obj[] = [];
  if (host.endsWith(suffix)) {
    const parts = host.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const svc = world.model.find('Service', parts[1], parts[0]);
      if (svc) out.push(svc);
    }
  }
  out.push(...world.of('ServiceEntry').filter(se => asArray(se.spec.hosts).map(String).includes(host)));
  return out;
}

/** A VirtualService the sidecar may take for the host: a generated one (Gateway API routes) or an Istio one. */
interface Candidate {
  /** Generated: `<namespace>[/<port>]`; Istio: the VirtualService's name. */
  readonly name: string;
  readonly namespace: string;
  readonly age: number;
  /** Exported to the client's namespace alone (not `*`). */
  readonly private: boolean;
  /** A generated VirtualService in the client's namespace. */
  readonly consumer: boolean;
  readonly port?: number;
  readonly routes?: Array<{ readonly route: GatewayApiRoute; readonly entries: readonly RouteEntry[] }>;
  readonly virtualService?: Obj;
}

/** Istio VirtualServices of the mesh naming the host exactly, visible from the client's namespace. */
function istioVirtualServices(world: SimWorld, request: NormalizedRequest): Candidate[] {
  const client = request.source.namespace;
  return world.of('VirtualService').filter(vs => {
    const gateways = asArray(vs.spec.gateways).map(String);
    if (gateways.length > 0 && !gateways.includes('mesh')) return false;
    // a wildcard host is another virtual host domain, which the exact one beats
    if (!asArray(vs.spec.hosts).some(h => toFqdn(String(h), vs.namespace, world.domain) === request.host)) return false;
    return exportedTo(asArray(vs.spec.exportTo).map(String), vs.namespace, client);
  }).map(vs => {
    const exportTo = asArray(vs.spec.exportTo).map(String);
    return {
      name: vs.name, namespace: vs.namespace, age: ageOf(vs), private: exportTo.length > 0 && !exportTo.includes('*'), consumer: false, virtualService: vs,
    };
  });
}

/** The sidecar's order of VirtualServices for a host. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return Number(b.private) - Number(a.private) || Number(b.consumer) - Number(a.consumer)
    || compareNumbers(a.age, b.age) || compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

/** What the mesh part found for a request: the route, or (undefined) caveats for the Istio part that routes it instead. */
export interface MeshResult {
  readonly route?: SimulatedRoute;
  /** When `route` is undefined: what the Istio part's answer should say of the Gateway API routes (shadowed, refused). */
  readonly caveats: string[];
}

/** Where Gateway API routes attached to the host's Service send a request from a sidecar. */
export function routeInMesh(world: SimWorld, request: NormalizedRequest, regex: RegexCompiler): MeshResult {
  // a client without a proxy, or a TCP port of the Service: no HTTP routing applies (the Istio part says why)
  if (request.source.sidecar === false) return { caveats: [] };
  const parents = parentsOf(world, request.host).filter(p => p.kind !== 'Service'
    || !isTcp(asArray(p.spec.ports).find(x => Number(x?.port) === request.port)));
  if (parents.length === 0) return { caveats: [] };
  const client = request.source.namespace;
  const lookup = backendLookup(world);
  const refused: string[] = [];
  const groups = new Map<string, { name: string; namespace: string; port?: number; routes: NonNullable<Candidate['routes']> }>();
  const routes = new Map<string, GatewayApiRoute>();
  for (const parent of parents) {
    for (const { route, ref } of attachmentsTo(world, parent.kind, parent.namespace, parent.name)) {
      const ns = route.obj.namespace;
      // a sidecar takes the routes of the Service's namespace and of its own
      if (ns !== parent.namespace && ns !== client) continue;
      const entries = convertedEntries(route, ref.port, false, lookup, refused);
      if (!entries) continue;
      routes.set(routeKey(route.kind, ns, route.obj.name), route);
      // Istio names the generated VirtualService after its key: namespace[~port]~host
      const name = ref.port === undefined ? `${ns}~${request.host}` : `${ns}~${ref.port}~${request.host}`;
      const group = groups.get(name) ?? { name, namespace: ns, port: ref.port, routes: [] };
      groups.set(name, group);
      if (!group.routes.some(r => r.route === route)) group.routes.push({ route, entries });
    }
  }
  // a route refused once per parentRef is told once
  const caveats = [...new Set(refused)];
  if (groups.size === 0) return { caveats };
  const generatedVss: Candidate[] = [...groups.values()].map(g => ({
    ...g, age: Math.min(...g.routes.map(r => ageOf(r.route.obj))), private: false, consumer: g.namespace === client,
  }));
  const candidates = [...generatedVss, ...istioVirtualServices(world, request)].sort(compareCandidates)
    .filter(c => c.virtualService !== undefined || c.port === undefined || c.port === request.port);
  const winner = candidates[0];
  const attached = (c: Candidate) => c.routes!.map(r => `${r.route.kind} ${r.route.obj.fullName}`).join(', ');
  const generated = candidates.filter(c => c.routes);
  if (!winner || generated.length === 0) return { caveats };
  if (winner.virtualService) {
    const unused = generated.map(attached).join(', ');
    return {
      caveats: [...caveats, `the Gateway API routes of ${request.host} (${unused}) are not used: `
        + `the VirtualService ${winner.virtualService.fullName} takes the host first (${why(winner, generated[0])})`],
    };
  }
  for (const other of candidates.slice(1)) {
    const what = other.virtualService ? `the VirtualService ${other.virtualService.fullName}` : `the routes ${attached(other)}`;
    caveats.push(`${what} also claim${other.virtualService ? 's' : ''} ${request.host}; the sidecar uses ${attached(winner)} only (${why(winner, other)})`);
  }
  const ctx = { world, regex, routes, enforceGrants: false, upstream: request };
  return { route: routeThrough(ctx, mergedEntries(winner.routes!), request, [...request.caveats, ...caveats]), caveats: [] };
}

/** Why one VirtualService comes before another for the sidecar. */
function why(first: Candidate, second: Candidate | undefined): string {
  if (!second) return 'the first for the host';
  if (first.private && !second.private) return 'it is exported to the client\'s namespace only';
  if (first.consumer && !second.consumer) return 'routes in the client\'s namespace come first';
  if (first.age !== second.age) return 'it is older';
  return 'with no creationTimestamp to tell (or equal ones), the first by namespace and name';
}
