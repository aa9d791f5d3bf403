/**
 * Host names and listeners of Gateway API Gateways as Istio binds routes to them: wildcard
 * subsets and intersections (Istio's `host.Name`), the listener a route's parentRef attaches to
 * (sectionName, port, hostnames, allowedRoutes namespaces and kinds), the isolation between a
 * wildcard listener and more specific ones on its port, and the virtual host Envoy picks for a
 * request's authority.
 */
import { Labels, labelSelector } from '../labels';

/** Istio's `host.Name.SubsetOf`: every host `a` names is also named by `b` (`*` wildcards). */
export function hostSubsetOf(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw) return bw && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  return bw ? a.endsWith(b.slice(1)) : a === b;
}

/** Istio's `host.Names.Intersection` of two hosts: the more specific one when one contains the other. */
export function intersectHosts(a: string, b: string): string | undefined {
  if (hostSubsetOf(a, b)) return a;
  if (hostSubsetOf(b, a)) return b;
  return undefined;
}

/**
 * The virtual host domain Envoy picks for an authority: an exact domain, else the longest
 * matching `*` suffix wildcard, else `*`. Undefined when none matches.
 */
export function bestDomain(domains: Iterable<string>, authority: string): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const d of domains) {
    let score: number;
    if (d === authority) score = Number.MAX_SAFE_INTEGER;
    else if (d.startsWith('*') && authority.endsWith(d.slice(1)) && authority.length > d.length - 1) score = d.length;
    else continue;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** A listener of a Gateway API Gateway. */
export interface Listener {
  readonly name: string;
  readonly port: number;
  /** `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`. */
  readonly protocol: string;
  /** Undefined: every host. */
  readonly hostname?: string;
  readonly allowedRoutes?: any;
}

/** A Gateway's listeners, as written. */
export function listenersOf(spec: any): Listener[] {
  return (Array.isArray(spec?.listeners) ? spec.listeners : []).map((l: any) => ({
    name: String(l?.name ?? ''),
    port: Number(l?.port),
    protocol: String(l?.protocol ?? ''),
    hostname: typeof l?.hostname === 'string' && l.hostname !== '' ? l.hostname.toLowerCase() : undefined,
    allowedRoutes: l?.allowedRoutes,
  }));
}

/** The route kinds a listener admits: HTTPRoute and GRPCRoute on HTTP and HTTPS, narrowed by `allowedRoutes.kinds`. */
export function allowedKinds(l: Listener): string[] {
  const supported = l.protocol === 'HTTP' || l.protocol === 'HTTPS' ? ['HTTPRoute', 'GRPCRoute'] : [];
  const kinds: any[] = Array.isArray(l.allowedRoutes?.kinds) ? l.allowedRoutes.kinds : [];
  if (kinds.length === 0) return supported;
  return supported.filter(s => kinds.some(k => k?.kind === s && (k.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io'));
}

/**
 * Whether a listener admits routes from `namespace` (`allowedRoutes.namespaces.from`: `Same`, the
 * default; `All`; `Selector`, over the namespace's labels plus `kubernetes.io/metadata.name`).
 * `namespaceLabels` is undefined for a namespace the manifests do not know.
 */
export function namespaceAllowed(l: Listener, gatewayNamespace: string, namespace: string, namespaceLabels: Labels | undefined): boolean {
  const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Selector') {
    const selector = l.allowedRoutes?.namespaces?.selector;
    if (selector === undefined || selector === null) return true;
    if (namespaceLabels === undefined) return false;
    return labelSelector(selector)({ ...namespaceLabels, 'kubernetes.io/metadata.name': namespace });
  }
  return namespace === gatewayNamespace;
}

/** A parentRef as written in a route. */
export interface ParentRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A route's parentRefs with their defaults filled in (group `gateway.networking.k8s.io`, kind `Gateway`, the route's namespace). */
export function parentRefsOf(spec: any, routeNamespace: string): ParentRef[] {
  return (Array.isArray(spec?.parentRefs) ? spec.parentRefs : []).map((p: any) => ({
    group: typeof p?.group === 'string' ? p.group : 'gateway.networking.k8s.io',
    kind: typeof p?.kind === 'string' ? p.kind : 'Gateway',
    namespace: typeof p?.namespace === 'string' && p.namespace !== '' ? p.namespace : routeNamespace,
    name: String(p?.name ?? ''),
    sectionName: typeof p?.sectionName === 'string' && p.sectionName !== '' ? p.sectionName : undefined,
    port: p?.port === undefined || p?.port === null ? undefined : Number(p.port),
  }));
}

/** A route's hostnames, lowercased; `*` when it has none. */
export function routeHostnames(spec: any): string[] {
  const hosts: string[] = (Array.isArray(spec?.hostnames) ? spec.hostnames : []).map((h: unknown) => String(h).toLowerCase());
  return hosts.length === 0 ? ['*'] : hosts;
}

/** What listener binding reads of a route. */
export interface AttachingRoute {
  readonly kind: string;
  readonly namespace: string;
  /** Its hostnames, `*` when it has none. */
  readonly hostnames: readonly string[];
}

/**
 * Why a listener does not accept a route through a parentRef (undefined: it does), as Istio
 * checks it: the parentRef's port and sectionName, one of the route's hostnames overlapping the
 * listener's, the route's namespace allowed, the route's kind admitted.
 */
export function listenerRefusal(l: Listener, ref: ParentRef, route: AttachingRoute, gatewayNamespace: string,
  namespaceLabels: Labels | undefined): string | undefined {
  if (ref.port !== undefined && ref.port !== l.port) return `port ${ref.port} not found`;
  if (ref.sectionName !== undefined && ref.sectionName !== l.name) return `sectionName "${ref.sectionName}" not found`;
  if (l.hostname !== undefined && !route.hostnames.some(h => hostsOverlap(l.hostname!, h))) return `no hostnames matched parent hostname "${l.hostname}"`;
  if (!namespaceAllowed(l, gatewayNamespace, route.namespace, namespaceLabels)) return `namespace "${route.namespace}" is not allowed by the parent`;
  if (!allowedKinds(l).includes(route.kind)) return `kind ${route.kind} is not allowed`;
  return undefined;
}

/** Istio's `host.Name.Matches`: whether two hosts overlap. */
export function hostsOverlap(a: string, b: string): boolean {
  return hostSubsetOf(a, b) || hostSubsetOf(b, a);
}

/**
 * Istio's listener isolation: a route host on a listener with no or a wildcard hostname is left to
 * a more specific listener (same port and protocol) whose hostname covers it.
 */
export function allowedByIsolation(routeHost: string, ours: string | undefined, others: ReadonlyArray<string | undefined>): boolean {
  if (ours !== undefined && !ours.startsWith('*')) return true;
  if (ours !== undefined && !hostsOverlap(routeHost, ours)) return false;
  for (const check of others) {
    if (check === undefined || check === ours) continue;
    if ((ours ?? '').length > check.length) continue;
    if (hostSubsetOf(routeHost, check)) return false;
  }
  return true;
}
