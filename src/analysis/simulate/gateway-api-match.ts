/**
 * Gateway API route matches (HTTPRoute, GRPCRoute) as Istio applies them: each rule split into one
 * entry per match (Istio's conversion of a route to VirtualService rules), the order of precedence
 * Istio sorts those entries in, and whether an entry accepts a request. Plain objects in, plain
 * answers out: the regex engine is handed in.
 */

import { prefixCovers } from '../../private/path-prefix';

/** A URI match as Istio writes it after converting a route match. */
export interface UriMatch {
  /** `exact`, `prefix` (segment-wise, trailing `/` ignored, except `/`) or `regex` (RE2, whole path). */
  readonly type: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

/** A header or query parameter match: `exact` value or an RE2 `regex` over the whole value. */
export interface ValueMatch {
  readonly type: 'exact' | 'regex';
  readonly value: string;
}

/** One match of a route rule, converted. */
export interface EntryMatch {
  /** Undefined when the match says nothing of the path (a GRPCRoute match without `method`). */
  readonly uri?: UriMatch;
  /** The HTTP method, exactly. */
  readonly method?: string;
  /** Header matches by name as written (a later entry of the same name replaces an earlier one); names match case-insensitively. */
  readonly headers: Readonly<Record<string, ValueMatch>>;
  /** Query parameter matches by name (case-sensitive). */
  readonly queryParams: Readonly<Record<string, ValueMatch>>;
}

/** One entry of the rule list Istio generates: a rule with one of its matches (or none). */
export interface RouteEntry {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The rule's index in `rules`. */
  readonly ruleIndex: number;
  /** The match's index in the rule's `matches`; undefined for a rule without (written) matches. */
  readonly matchIndex?: number;
  /** Undefined for a rule without matches. */
  readonly match?: EntryMatch;
  /** The parentRef's `port` (mesh routes attached to a Service port): the entry applies on that port only. */
  readonly port?: number;
}

/** A request as the matches read it. */
export interface MatchRequest {
  /** The path without its query string. */
  readonly path: string;
  readonly method: string;
  /** Header values by lowercased name. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly port: number;
}

/** A compiled regex: a whole-value test, or why it cannot be evaluated. */
export type RegexTest = { readonly test: (value: string) => boolean } | { readonly problem: string };

/** Compiles RE2 patterns (the simulator's `compileRe2`; tests may pass a plain one). */
export type RegexCompiler = (pattern: string) => RegexTest;

/** A malformed match: Istio refuses to convert the route (the whole route is dropped). */
export class MatchError extends Error {}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function valueMatches(list: unknown, what: string): Record<string, ValueMatch> {
  const out: Record<string, ValueMatch> = {};
  for (const m of Array.isArray(list) ? list : []) {
    const type = m?.type ?? 'Exact';
    const name = str(m?.name) ?? '';
    const value = str(m?.value) ?? '';
    if (type === 'Exact') out[name] = { type: 'exact', value };
    else if (type === 'RegularExpression') out[name] = { type: 'regex', value };
    else throw new MatchError(`unknown type: "${type}" is not supported ${what} type`);
  }
  return out;
}

/** An HTTPRoute match (`rules[].matches[]`) as Istio converts it; a match without `path` is the API server's default, PathPrefix `/`. */
export function httpEntryMatch(match: any): EntryMatch {
  const path = match?.path ?? {};
  const type = path.type ?? 'PathPrefix';
  let value = str(path.value) ?? '/';
  let uri: UriMatch;
  if (type === 'PathPrefix') {
    if (value !== '/' && value.endsWith('/')) value = value.slice(0, -1);
    uri = { type: 'prefix', value };
  } else if (type === 'Exact') {
    uri = { type: 'exact', value };
  } else if (type === 'RegularExpression') {
    uri = { type: 'regex', value };
  } else {
    throw new MatchError(`unknown type: "${type}" is not supported Path match type`);
  }
  return {
    uri,
    method: str(match?.method),
    headers: valueMatches(match?.headers, 'HeaderMatch'),
    queryParams: valueMatches(match?.queryParams, 'QueryParams'),
  };
}

/**
 * A GRPCRoute match as Istio converts it: the method becomes a match of the path
 * `/<service>/<method>` (exact; a service alone is the prefix `/<service>/`; a method alone the
 * regex `/[^/]+/<method>`; `RegularExpression` makes each part a regex).
 */
export function grpcEntryMatch(match: any): EntryMatch {
  const headers = valueMatches(match?.headers, 'HeaderMatch');
  const m = match?.method;
  if (m === undefined || m === null) return { headers, queryParams: {} };
  const type = m.type ?? 'Exact';
  const service = str(m.service);
  const method = str(m.method);
  if (service === undefined && method === undefined) throw new MatchError('gRPC match must have method or service defined');
  let uri: UriMatch;
  if (type === 'Exact') {
    if (method === undefined) uri = { type: 'prefix', value: `/${service}/` };
    else if (service === undefined) uri = { type: 'regex', value: `/[^/]+/${method}` };
    else uri = { type: 'exact', value: `/${service}/${method}` };
  } else if (type === 'RegularExpression') {
    if (method === undefined) uri = { type: 'regex', value: `/${service}/.+` };
    else if (service === undefined) uri = { type: 'regex', value: `/[^/]+/${method}` };
    else uri = { type: 'regex', value: `/${service}/${method}` };
  } else {
    throw new MatchError(`unknown type: "${type}" is not supported Path match type`);
  }
  return { uri, headers, queryParams: {} };
}

/** Istio's rank of a URI match: exact over prefix over regex over none. */
function uriRank(m: EntryMatch): number {
  switch (m.uri?.type) {
    case 'exact': return 3;
    case 'prefix': return 2;
    case 'regex': return 1;
    default: return -1;
  }
}

const utf8 = new TextEncoder();
const uriLength = (m: EntryMatch) => (m.uri ? utf8.encode(m.uri.value).length : 0);

/** Whether Istio's converted rule has a match at all (a rule without matches gets one on a parentRef port). */
const hasMatch = (e: RouteEntry) => e.match !== undefined || e.port !== undefined;
const matchOf = (e: RouteEntry): EntryMatch => e.match ?? { headers: {}, queryParams: {} };

/**
 * Istio's precedence between two entries (negative: `a` first): entries with a match before those
 * without; then exact, prefix, regex, no URI match; then the longer URI value; then a method match;
 * then more header matches; then more query parameter matches. Zero when these do not tell them
 * apart: their order in the merged list decides (oldest route first, then rule and match order).
 */
export function comparePrecedence(a: RouteEntry, b: RouteEntry): number {
  if (!hasMatch(a)) return hasMatch(b) ? 1 : 0;
  if (!hasMatch(b)) return -1;
  const m1 = matchOf(a);
  const m2 = matchOf(b);
  const r1 = uriRank(m1);
  const r2 = uriRank(m2);
  if (r1 !== r2) return r2 - r1;
  const l1 = uriLength(m1);
  const l2 = uriLength(m2);
  if (l1 !== l2) return l2 - l1;
  if ((m1.method === undefined) !== (m2.method === undefined)) return m1.method !== undefined ? -1 : 1;
  const h1 = Object.keys(m1.headers).length;
  const h2 = Object.keys(m2.headers).length;
  if (h1 !== h2) return h2 - h1;
  return Object.keys(m2.queryParams).length - Object.keys(m1.queryParams).length;
}

/** Entries in Istio's order: a stable sort by `comparePrecedence` of entries given oldest route first, in rule and match order. */
export function sortByPrecedence(entries: readonly RouteEntry[]): RouteEntry[] {
  return entries.map((e, i) => ({ e, i }))
    .sort((x, y) => comparePrecedence(x.e, y.e) || x.i - y.i)
    .map(x => x.e);
}

/**
 * Whether Envoy treats the entry as a catch-all: any path (prefix `/`, regex `.*`, or no URI
 * match) and no method, header or query parameter match. Istio stops translating a route's rules
 * after its first catch-all, and on a gateway moves catch-alls behind every other rule of a host.
 */
export function isCatchAll(e: RouteEntry): boolean {
  const m = matchOf(e);
  const anyPath = m.uri === undefined || (m.uri.type === 'prefix' && m.uri.value === '/') || (m.uri.type === 'regex' && m.uri.value === '.*');
  return anyPath && m.method === undefined && Object.keys(m.headers).length === 0 && Object.keys(m.queryParams).length === 0;
}

/** The entries Istio translates for one VirtualService: up to and including the first catch-all. */
export function untilCatchAll(entries: readonly RouteEntry[]): RouteEntry[] {
  const i = entries.findIndex(isCatchAll);
  return i < 0 ? [...entries] : entries.slice(0, i + 1);
}

/** Whether a path matches a URI match: prefixes segment-wise (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`). */
export function uriMatches(uri: UriMatch, path: string, regex: RegexCompiler, problems: string[]): boolean {
  switch (uri.type) {
    case 'exact':
      return path === uri.value;
    case 'prefix':
      return uri.value === '/' ? path.startsWith('/') : prefixCovers(uri.value, path);
    default:
      return regexMatches(uri.value, path, regex, problems);
  }
}

function regexMatches(pattern: string, value: string, regex: RegexCompiler, problems: string[]): boolean {
  const compiled = regex(pattern);
  if ('problem' in compiled) {
    problems.push(compiled.problem);
    return false;
  }
  return compiled.test(value);
}

function valueMatchesRequest(m: ValueMatch, value: string | undefined, regex: RegexCompiler, problems: string[]): boolean {
  if (value === undefined) return false;
  return m.type === 'exact' ? value === m.value : regexMatches(m.value, value, regex, problems);
}

/**
 * Whether an entry accepts a request: its port (when attached to a Service port), path, method,
 * every header (names case-insensitive) and every query parameter. Regexes that cannot be
 * evaluated count as not matching, with a sentence in `problems`.
 */
export function entryAccepts(e: RouteEntry, req: MatchRequest, regex: RegexCompiler, problems: string[]): boolean {
  if (e.port !== undefined && e.port !== req.port) return false;
  const m = matchOf(e);
  if (m.uri && !uriMatches(m.uri, req.path, regex, problems)) return false;
  if (m.method !== undefined && m.method !== req.method) return false;
  for (const [name, hm] of Object.entries(m.headers)) {
    if (!valueMatchesRequest(hm, req.headers[name.toLowerCase()], regex, problems)) return false;
  }
  for (const [name, qm] of Object.entries(m.queryParams)) {
    if (!valueMatchesRequest(qm, req.query[name], regex, problems)) return false;
  }
  return true;
}

/** The API server's default for an HTTPRoute's absent `rules` and `matches`: PathPrefix `/`. */
const DEFAULT_HTTP_MATCH = { path: { type: 'PathPrefix', value: '/' } };

/**
 * A route's entries (one per rule match, a rule without matches as one entry), in rule and match
 * order; `port` is the parentRef's port, when it names one. An HTTPRoute's absent `rules` or
 * `matches` are what the API server defaults them to (one match, PathPrefix `/`); an empty list
 * stays empty. Throws `MatchError` for a match Istio cannot convert.
 */
export function routeEntries(kind: string, namespace: string, name: string, spec: any, port?: number): RouteEntry[] {
  const out: RouteEntry[] = [];
  const http = kind !== 'GRPCRoute';
  const convert = http ? httpEntryMatch : grpcEntryMatch;
  const absent = (v: unknown) => v === undefined || v === null;
  const rules: any[] = Array.isArray(spec?.rules) ? spec.rules : http && absent(spec?.rules) ? [{}] : [];
  rules.forEach((rule, ruleIndex) => {
    const written = rule?.matches;
    const matches: any[] = Array.isArray(written) ? written : http && absent(written) ? [DEFAULT_HTTP_MATCH] : [];
    if (matches.length === 0) {out.push({ kind, namespace, name, ruleIndex, port });} else {
      matches.forEach((m, i) => out.push({
        kind, namespace, name, ruleIndex, matchIndex: Array.isArray(written) ? i : undefined, match: convert(m), port,
      }));
    }
  });
  return out;
}
