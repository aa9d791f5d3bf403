/**
 * What a matched Gateway API rule does with a request, as Istio converts it: a redirect
 * (RequestRedirect, 302 unless it says otherwise), a 404 for a rule without backends, a 500 for
 * one whose backends all weigh 0, else its backends with their shares (an invalid backend's share
 * answered 500); RequestMirror filters, timeouts (`request`; `backendRequest` as the per-try
 * timeout with a retry, else as the route timeout) and the `retry` field. URLRewrite and
 * RequestHeaderModifier change the request the destination's authorization sees.
 */
import { simulateDestinations } from './destinations';
import { BackendLookup, RouteRejected, resolveBackend, weightOf } from './gateway-api-backends';
import { RouteEntry } from './gateway-api-match';
import { NormalizedRequest } from './request';
import { DEFAULT_RETRIES } from './rule-result';
import { SimulatedDestination, SimulatedMirror, SimulatedRetries } from './types';
import { toPercentages } from './weights';
import { SimWorld } from './world';

/** The parts of a SimulatedRoute a rule decides. */
export interface RuleAction {
  readonly destinations: SimulatedDestination[];
  readonly status?: number;
  readonly redirect?: string;
  readonly timeout?: string;
  readonly retries?: SimulatedRetries;
  readonly mirrors?: SimulatedMirror[];
}

/** Go's `time.ParseDuration` in milliseconds (undefined when Go would refuse it). */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(value)) return value === '0' ? 0 : undefined;
  const unit: Record<string, number> = { h: 3600000, m: 60000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  for (const [, n, , u] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(n) * unit[u];
  return total;
}

/**
 * The retry policy Istio writes for a rule's `retry`: 2 attempts unless given, on connection errors
 * and the given codes; Istio's default policy when the rule has none.
 */
export function retriesOf(retry: any, backendRequest: string | undefined): SimulatedRetries | undefined {
  if (retry === undefined || retry === null) return undefined;
  const attempts = retry.attempts === undefined || retry.attempts === null ? 2 : Number(retry.attempts);
  const codes: unknown[] = Array.isArray(retry.codes) ? retry.codes : [];
  const retryOn = attempts === 0 ? '' : ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...codes.map(String)].join(',');
  return { attempts, ...retryOn !== '' ? { retryOn } : {}, ...backendRequest !== undefined ? { perTryTimeout: backendRequest } : {} };
}

/** The route timeout and retries of a rule (`timeouts`, `retry`), as Istio converts them. */
export function timeoutsOf(rule: any): { timeout?: string; retries: SimulatedRetries } {
  const request = rule?.timeouts?.request;
  const backend = rule?.timeouts?.backendRequest;
  const requestSet = (durationMs(request) ?? 0) !== 0 ? String(request) : undefined;
  const backendSet = (durationMs(backend) ?? 0) !== 0 ? String(backend) : undefined;
  const retries = retriesOf(rule?.retry, backendSet);
  const timeout = backendSet !== undefined && !retries ? backendSet : requestSet;
  return { ...timeout !== undefined ? { timeout } : {}, retries: retries ?? DEFAULT_RETRIES };
}

/** The `Location` of a RequestRedirect (Gateway API semantics as Envoy applies them). */
export function redirectLocation(filter: any, request: NormalizedRequest, entry: RouteEntry): string {
  const scheme: string = filter?.scheme ?? request.scheme;
  const host: string = filter?.hostname ?? request.authority.replace(/:\d+$/, '');
  let port: number | undefined = filter?.port ?? (filter?.scheme !== undefined ? undefined : request.port);
  if ((port === 80 && scheme === 'http') || (port === 443 && scheme === 'https')) port = undefined;
  let path = request.path;
  const p = filter?.path;
  if (p?.type === 'ReplaceFullPath') path = String(p.replaceFullPath ?? '');
  else if (p?.type === 'ReplacePrefixMatch') path = replacePrefix(path, entry, String(p.replacePrefixMatch ?? ''));
  const query = Object.entries(request.query).map(([k, v]) => `${k}=${v}`).join('&');
  return `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}${query === '' ? '' : `?${query}`}`;
}

/** A path with the matched prefix replaced (a prefix match; any other path is kept as is). */
function replacePrefix(path: string, entry: RouteEntry, replacement: string): string {
  const uri = entry.match?.uri;
  if (uri?.type !== 'prefix') return path;
  const prefix = uri.value === '/' ? '' : uri.value;
  const rest = path.slice(prefix.length);
  if (replacement.endsWith('/') && rest.startsWith('/')) return `${replacement}${rest.slice(1)}`;
  if (replacement === '' && rest === '') return '/';
  return `${replacement}${rest}`;
}

/** The request as the destination's proxy receives it: after URLRewrite and RequestHeaderModifier. */
function upstreamRequest(rule: any, request: NormalizedRequest, entry: RouteEntry): NormalizedRequest {
  let out = request;
  for (const f of Array.isArray(rule?.filters) ? rule.filters : []) {
    if (f?.type === 'URLRewrite') {
      const p = f.urlRewrite?.path;
      let path = out.path;
      if (p?.type === 'ReplaceFullPath') path = String(p.replaceFullPath ?? '');
      else if (p?.type === 'ReplacePrefixMatch') path = replacePrefix(path, entry, String(p.replacePrefixMatch ?? ''));
      const authority = typeof f.urlRewrite?.hostname === 'string' ? f.urlRewrite.hostname : out.authority;
      out = { ...out, path, authority };
    } else if (f?.type === 'RequestHeaderModifier') {
      const headers: Record<string, string> = { ...out.headers };
      const m = f.requestHeaderModifier ?? {};
      for (const h of Array.isArray(m.set) ? m.set : []) headers[String(h?.name).toLowerCase()] = String(h?.value);
      for (const h of Array.isArray(m.add) ? m.add : []) {
        const k = String(h?.name).toLowerCase();
        headers[k] = headers[k] === undefined ? String(h?.value) : `${headers[k]},${h?.value}`;
      }
      for (const name of Array.isArray(m.remove) ? m.remove : []) delete headers[String(name).toLowerCase()];
      out = { ...out, headers };
    }
  }
  return out;
}

/** The mirrors of a rule's RequestMirror filters; a mirror to an invalid backend is dropped (a caveat says so). */
function mirrorsOf(rule: any, routeKind: string, routeNamespace: string, enforceGrants: boolean, lookup: BackendLookup,
  caveats: string[]): SimulatedMirror[] {
  const out: SimulatedMirror[] = [];
  for (const f of Array.isArray(rule?.filters) ? rule.filters : []) {
    if (f?.type !== 'RequestMirror') continue;
    const m = f.requestMirror ?? {};
    let b;
    try {
      b = resolveBackend(m.backendRef, routeKind, routeNamespace, enforceGrants, lookup);
    } catch (e) {
      if (!(e instanceof RouteRejected)) throw e;
      b = { host: '', namespace: routeNamespace, invalid: e.message };
    }
    if (b.invalid !== undefined) {
      caveats.push(`Istio drops the RequestMirror filter: ${b.invalid}`);
      continue;
    }
    let percentage = 100;
    if (m.fraction) percentage = (100 * Number(m.fraction.numerator ?? 0)) / Number(m.fraction.denominator ?? 100);
    else if (m.percent !== undefined && m.percent !== null) percentage = Number(m.percent);
    out.push({ host: b.host, ...b.port !== undefined ? { port: b.port } : {}, percentage });
  }
  return out;
}

/**
 * What a matched rule does: its redirect, direct response or destinations (with the authorization
 * verdict at each, for the request as rewritten), mirrors, timeout and retries. `enforceGrants`: the
 * route is attached to a Gateway (mesh routes need no ReferenceGrant).
 */
export function ruleAction(world: SimWorld, lookup: BackendLookup, routeKind: string, routeNamespace: string, rule: any, entry: RouteEntry,
  request: NormalizedRequest, upstreamSource: NormalizedRequest, enforceGrants: boolean, caveats: string[]): RuleAction {
  const mirrors = mirrorsOf(rule, routeKind, routeNamespace, enforceGrants, lookup, caveats);
  const extras = { ...timeoutsOf(routeKind === 'GRPCRoute' ? {} : rule), ...mirrors.length > 0 ? { mirrors } : {} };
  const filters: any[] = Array.isArray(rule?.filters) ? rule.filters : [];
  const redirect = routeKind === 'GRPCRoute' ? undefined : filters.find(f => f?.type === 'RequestRedirect');
  if (redirect) {
    const status = Number(redirect.requestRedirect?.statusCode ?? 302);
    return { destinations: [], status, redirect: redirectLocation(redirect.requestRedirect, request, entry), ...extras };
  }
  const refs: any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
  if (refs.reduce((s, r) => s + weightOf(r), 0) === 0) {
    if (refs.length === 0 && routeKind !== 'GRPCRoute') {
      caveats.push('the rule has no backendRefs: Istio answers 404');
      return { destinations: [], status: 404, ...extras };
    }
    caveats.push(refs.length === 0 ? 'the rule has no backendRefs: Istio answers 500' : 'every backendRef of the rule has weight 0: Istio answers 500');
    return { destinations: [], status: 500, ...extras };
  }
  const live = refs.filter(r => weightOf(r) !== 0);
  const shares = toPercentages(live.map(weightOf)) ?? live.map(() => 0);
  const upstream = upstreamRequest(rule, upstreamSource, entry);
  const destinations: SimulatedDestination[] = [];
  let failing = 0;
  live.forEach((ref, i) => {
    const b = resolveBackend(ref, routeKind, routeNamespace, enforceGrants, lookup);
    if (b.invalid !== undefined) {
      failing += shares[i];
      caveats.push(`${shares[i]}% of the requests go to an invalid backend, which Istio answers with 500: ${b.invalid}`);
      destinations.push({ host: b.host, ...b.port !== undefined ? { port: b.port } : {}, weight: shares[i] });
      return;
    }
    const [d] = simulateDestinations(world, [{ host: b.host, namespace: b.namespace, port: b.port }], upstream, request.source.namespace, caveats);
    destinations.push({ ...d, weight: shares[i] });
  });
  if (failing === 100) return { destinations: [], status: 500, ...extras };
  return { destinations, ...extras };
}
