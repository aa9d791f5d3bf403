/**
 * Whether a VirtualService HTTP rule matches a request, as the Envoy route Istio generates for it
 * decides (`TranslateRouteMatch`): a rule without `match` matches every request; a rule's matches
 * are OR-ed, the first that accepts is the one reported; within a match every condition must hold:
 *
 * - `uri`: exact, prefix or regex on the path without its query; `ignoreUriCase` makes exact and
 *   prefix ignore case (not regex);
 * - `scheme`, `method`, `authority`, `headers`: on `:scheme`, `:method`, `:authority` and the named
 *   header (names ignore case); a header that is absent fails exact, prefix and regex; an empty
 *   match (`{}`) or `regex: "*"` only asks that the header be present;
 * - `withoutHeaders`: the negation of the header match, an absent header read as empty (so it
 *   passes, unless the match accepts the empty value), or for a presence match, simply absent;
 * - `queryParams`: on the first value of the query parameter, or its presence;
 * - `port`: the port the request was sent to; `sourceLabels`, `sourceNamespace`: the labels and
 *   namespace of the proxy the request passes (the client's sidecar, or the gateway's pod);
 *   `gateways`: the match applies only at these (`mesh` for sidecars);
 * - regexes are RE2, matching whole values (regex.ts).
 */
import { compileRe2 } from './regex';
import { NormalizedRequest } from './request';
import { resolveGatewayName } from '../../private/match-coverage';
import { Labels, selects, stringMap } from '../labels';
import { asArray } from '../objects';

/** Where the route is evaluated: at a sidecar (`mesh`) or a gateway's pod, and that proxy's labels and namespace. */
export interface MatchContext {
  /** `mesh`, or `namespace/name` of the Istio Gateway. */
  readonly gateway: string;
  readonly proxyLabels: Labels;
  readonly proxyNamespace: string;
  /** The namespace of the VirtualService holding the match (short gateway names resolve in it). */
  readonly vsNamespace: string;
}

/** Whether a StringMatch (exact, prefix, regex) accepts a value; regexes Istio refuses or the simulator cannot evaluate accept nothing, with a caveat. */
export function stringMatchAccepts(m: any, value: string, ignoreCase: boolean, caveats: string[]): boolean {
  if (typeof m?.exact === 'string') return ignoreCase ? value.toLowerCase() === m.exact.toLowerCase() : value === m.exact;
  if (typeof m?.prefix === 'string') return ignoreCase ? value.toLowerCase().startsWith(m.prefix.toLowerCase()) : value.startsWith(m.prefix);
  if (typeof m?.regex === 'string') {
    const compiled = compileRe2(m.regex);
    if ('test' in compiled) return compiled.test(value);
    caveats.push(`${compiled.problem}: the match is taken as not matching`);
    return false;
  }
  return false;
}

/** Istio's `canBeConvertedToPresentMatch`: no match type, or `regex: "*"`. */
function isPresenceMatch(m: any): boolean {
  return m === null || m === undefined || typeof m !== 'object'
    || (typeof m.exact !== 'string' && typeof m.prefix !== 'string' && typeof m.regex !== 'string') || m.regex === '*';
}

/** A header of the request, pseudo-headers included; undefined when absent. */
function headerValue(request: NormalizedRequest, name: string): string | undefined {
  switch (name) {
    case ':method': return request.method;
    case ':authority': return request.authority;
    case ':scheme': return request.scheme;
    case ':path': return request.path + queryString(request.query);
    case 'host': return request.headers.host ?? request.authority;
    default: return request.headers[name];
  }
}

function queryString(query: Readonly<Record<string, string>>): string {
  const parts = Object.entries(query).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function headerAccepts(m: any, value: string | undefined, caveats: string[]): boolean {
  if (isPresenceMatch(m)) return value !== undefined;
  return value !== undefined && stringMatchAccepts(m, value, false, caveats);
}

function withoutHeaderAccepts(m: any, value: string | undefined, caveats: string[]): boolean {
  if (isPresenceMatch(m)) return value === undefined;
  // Istio sets treat_missing_header_as_empty: an absent header is matched as ''
  return !stringMatchAccepts(m, value ?? '', false, caveats);
}

function entries(value: unknown): Array<[string, any]> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

/** Whether one HTTPMatchRequest accepts the request (every condition holds). */
export function httpMatchAccepts(match: any, request: NormalizedRequest, ctx: MatchContext, caveats: string[]): boolean {
  if (match === null || typeof match !== 'object') return true;
  const gateways = asArray(match.gateways).map(String);
  if (gateways.length > 0 && !gateways.some(g => resolveGatewayName(g, ctx.vsNamespace) === ctx.gateway)) return false;
  if (match.port !== undefined && match.port !== null && Number(match.port) !== 0 && Number(match.port) !== request.port) return false;
  if (match.sourceLabels !== undefined && !selects(stringMap(match.sourceLabels), ctx.proxyLabels)) return false;
  if (typeof match.sourceNamespace === 'string' && match.sourceNamespace !== '' && match.sourceNamespace !== ctx.proxyNamespace) return false;
  if (match.uri !== undefined && match.uri !== null && !isPresenceMatch(match.uri)
    && !stringMatchAccepts(match.uri, request.path, match.ignoreUriCase === true && typeof match.uri.regex !== 'string', caveats)) return false;
  for (const [field, header] of [['scheme', ':scheme'], ['method', ':method'], ['authority', ':authority']]) {
    if (match[field] !== undefined && match[field] !== null && !headerAccepts(match[field], headerValue(request, header), caveats)) return false;
  }
  for (const [name, m] of entries(match.headers)) {
    if (name.startsWith('@request.auth.claims')) {
      caveats.push(`a header match on ${name} reads the claims of a validated JWT, which the request does not describe: taken as not matching`);
      return false;
    }
    if (!headerAccepts(m, headerValue(request, name.toLowerCase()), caveats)) return false;
  }
  for (const [name, m] of entries(match.withoutHeaders)) {
    if (!withoutHeaderAccepts(m, headerValue(request, name.toLowerCase()), caveats)) return false;
  }
  for (const [name, m] of entries(match.queryParams)) {
    const value = Object.prototype.hasOwnProperty.call(request.query, name) ? request.query[name] : undefined;
    if (!headerAccepts(m, value, caveats)) return false;
  }
  return true;
}

/** Whether an HTTP rule matches: undefined when not; else the index of the first accepting match (undefined index for a rule without matches). */
export function ruleMatches(rule: any, request: NormalizedRequest, ctx: MatchContext,
  caveats: string[]): { readonly matchIndex?: number } | undefined {
  const matches = asArray(rule?.match);
  if (matches.length === 0) return {};
  for (let i = 0; i < matches.length; i++) {
    if (httpMatchAccepts(matches[i], request, ctx, caveats)) return { matchIndex: i };
  }
  return undefined;
}
