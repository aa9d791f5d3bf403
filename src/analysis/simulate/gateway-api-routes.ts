/**
 * The Gateway API routes (HTTPRoute, GRPCRoute) of the manifests, and what is shared between the
 * mesh and the Gateway side: the order Istio merges routes in (oldest first, then namespace and
 * name), a merged rule list per parent and host, the first entry that accepts a request, and the
 * SimulatedRoute it leads to.
 */
import { ruleAction } from './gateway-api-action';
import { BackendLookup, routeRejection } from './gateway-api-backends';
import { ParentRef, parentRefsOf } from './gateway-api-hosts';
import { MatchError, RegexCompiler, RouteEntry, comparePrecedence, entryAccepts, routeEntries, sortByPrecedence, untilCatchAll } from './gateway-api-match';
import { NormalizedRequest } from './request';
import { RoutedBy, SimulatedRoute } from './types';
import { SimWorld } from './world';
import { push } from '../hosts';
import { Obj } from '../objects';

/** A route of the manifests. */
export interface GatewayApiRoute {
  /** `HTTPRoute` or `GRPCRoute`. */
  readonly kind: string;
  readonly obj: Obj;
}

/** Every HTTPRoute and GRPCRoute of the manifests, in input order. */
export function gatewayApiRoutes(world: SimWorld): GatewayApiRoute[] {
  return [
    ...world.of('gateway/HTTPRoute').map(obj => ({ kind: 'HTTPRoute', obj })),
    ...world.of('gateway/GRPCRoute').map(obj => ({ kind: 'GRPCRoute', obj })),
  ];
}

/** A route's parentRef to a parent. */
export interface Attachment {
  readonly route: GatewayApiRoute;
  readonly ref: ParentRef;
}

const attachmentIndexes = new WeakMap<SimWorld, Map<string, Attachment[]>>();

/** The kind of parent a parentRef names: `Service`, `ServiceEntry` or `Gateway`; undefined for another. */
function parentKind(ref: ParentRef): string | undefined {
  if ((ref.group === '' || ref.group === 'core') && ref.kind === 'Service') return 'Service';
  if (ref.group === 'networking.istio.io' && ref.kind === 'ServiceEntry') return 'ServiceEntry';
  if (ref.group === 'gateway.networking.k8s.io' && ref.kind === 'Gateway') return 'Gateway';
  return undefined;
}

/**
 * The parentRefs naming a parent (`Service`, `ServiceEntry` or `Gateway`, by namespace and name),
 * with their routes, in input order; indexed once per world.
 */
export function attachmentsTo(world: SimWorld, kind: string, namespace: string, name: string): readonly Attachment[] {
  let index = attachmentIndexes.get(world);
  if (!index) {
    index = new Map();
    for (const route of gatewayApiRoutes(world)) {
      for (const ref of parentRefsOf(route.obj.spec, route.obj.namespace)) {
        const k = parentKind(ref);
        if (k !== undefined) push(index, `${k}|${ref.namespace}|${ref.name}`, { route, ref });
      }
    }
    attachmentIndexes.set(world, index);
  }
  return index.get(`${kind}|${namespace}|${name}`) ?? [];
}

/** An object's creationTimestamp in milliseconds; unset is Go's zero time, older than any. */
export function ageOf(obj: Obj): number {
  const t = Date.parse(obj.raw?.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? -Infinity : t;
}

export function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Strings in Go's order (bytes, as `cmp.Compare`). */
export function compareStrings(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Istio's order of merged routes: oldest creationTimestamp first, then namespace, then name. */
export function compareAge(a: Obj, b: Obj): number {
  return compareNumbers(ageOf(a), ageOf(b)) || compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

/** The backend lookups over the manifests. */
export function backendLookup(world: SimWorld): BackendLookup {
  return {
    domain: world.domain,
    service: (namespace, name) => world.model.find('Service', namespace, name),
    hostKnown: (host, namespace) => world.model.lookupHost(namespace, undefined, host) !== undefined,
    grants: namespace => world.of('gateway/ReferenceGrant').filter(g => g.namespace === namespace),
  };
}

/**
 * A route's entries, or undefined with a caveat when Istio refuses to convert it (a malformed
 * match, an unsupported filter, a backendRef without a port …).
 */
export function convertedEntries(route: GatewayApiRoute, port: number | undefined, enforceGrants: boolean, lookup: BackendLookup,
  caveats: string[]): RouteEntry[] | undefined {
  const what = `${route.kind} ${route.obj.fullName}`;
  let entries: RouteEntry[];
  try {
    entries = routeEntries(route.kind, route.obj.namespace, route.obj.name, route.obj.spec, port);
  } catch (e) {
    if (!(e instanceof MatchError)) throw e;
    caveats.push(`Istio does not use the ${what}: ${e.message}`);
    return undefined;
  }
  const rejected = routeRejection(route.obj, route.kind, enforceGrants, lookup);
  if (rejected !== undefined) {
    caveats.push(`Istio does not use the ${what}: ${rejected}`);
    return undefined;
  }
  return entries;
}

/** The routes merged for one parent and host (one generated VirtualService): their entries in Istio's order. */
export function mergedEntries(routes: ReadonlyArray<{ readonly route: GatewayApiRoute; readonly entries: readonly RouteEntry[] }>): RouteEntry[] {
  const ordered = [...routes].sort((a, b) => compareAge(a.route.obj, b.route.obj));
  return untilCatchAll(sortByPrecedence(ordered.flatMap(r => r.entries)));
}

/** What the simulator needs to turn a matched entry into a SimulatedRoute. */
export interface RouteContext {
  readonly world: SimWorld;
  readonly regex: RegexCompiler;
  /** The routes by `Kind namespace/name`. */
  readonly routes: ReadonlyMap<string, GatewayApiRoute>;
  /** Whether ReferenceGrants are asked for (a Gateway's routes). */
  readonly enforceGrants: boolean;
  /** The gateway the request entered through, `namespace/name`. */
  readonly gateway?: string;
  /** The request as the destinations' proxies see its source (the gateway's pod for a Gateway). */
  readonly upstream: NormalizedRequest;
}

export const routeKey = (kind: string, namespace: string, name: string) => `${kind} ${namespace}/${name}`;

/**
 * The first entry that accepts the request, and what its rule does; a 404 when none does. A
 * caveat tells when the entry won over an equally specific one of another route only by the
 * routes' order, which an unknown creationTimestamp left to namespace and name.
 */
export function routeThrough(ctx: RouteContext, entries: readonly RouteEntry[], request: NormalizedRequest, caveats: string[]): SimulatedRoute {
  const problems: string[] = [];
  const req = { path: request.path, method: request.method, headers: request.headers, query: request.query, port: request.port };
  const index = entries.findIndex(e => entryAccepts(e, req, ctx.regex, problems));
  caveats.push(...new Set(problems));
  const gateway = ctx.gateway !== undefined ? { gateway: ctx.gateway } : {};
  if (index < 0) {
    caveats.push(entries.length === 0 ? 'no rule of the Gateway API routes applies here: the proxy answers 404'
      : 'no rule of the Gateway API routes for the host matches the request: the proxy answers 404');
    return { routedBy: RoutedBy.NONE, ...gateway, destinations: [], status: 404, caveats };
  }
  const entry = entries[index];
  const route = ctx.routes.get(routeKey(entry.kind, entry.namespace, entry.name))!;
  const tie = entries.slice(index + 1).find(e => (e.namespace !== entry.namespace || e.name !== entry.name || e.kind !== entry.kind)
    && comparePrecedence(entry, e) === 0 && entryAccepts(e, req, ctx.regex, []));
  if (tie) {
    const other = ctx.routes.get(routeKey(tie.kind, tie.namespace, tie.name))!;
    if (ageOf(other.obj) === ageOf(route.obj)) {
      caveats.push(`the ${route.kind} ${route.obj.fullName} and the ${other.kind} ${other.obj.fullName} match the request equally specifically; `
        + `Istio takes the older one, and with no creationTimestamp to tell (or equal ones) the first by namespace and name: ${route.obj.fullName}`);
    }
  }
  const rules: any[] = Array.isArray(route.obj.spec.rules) ? route.obj.spec.rules : [{}];
  const rule = rules[entry.ruleIndex] ?? {};
  const action = ruleAction(ctx.world, backendLookup(ctx.world), route.kind, route.obj.namespace, rule, entry, request, ctx.upstream,
    ctx.enforceGrants, caveats);
  return {
    routedBy: route.kind === 'GRPCRoute' ? RoutedBy.GRPC_ROUTE : RoutedBy.HTTP_ROUTE,
    ...gateway,
    rule: {
      kind: route.kind,
      namespace: route.obj.namespace,
      name: route.obj.name,
      index: entry.ruleIndex,
      ...typeof rule.name === 'string' ? { ruleName: rule.name } : {},
      ...entry.matchIndex !== undefined ? { matchIndex: entry.matchIndex } : {},
    },
    ...action,
    caveats,
  };
}
