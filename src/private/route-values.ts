/**
 * The value checks of a route's settings, made when the route is added: what Istio's validation
 * webhook refuses (`validateHTTPRoute` and the functions it calls) and settings that would silently
 * do nothing (an empty rewrite or redirect URI).
 */
import { CorsPolicy } from '../cors-policy';
import { HttpRouteOptions } from '../http-route';
import { RetryPolicy } from '../retry-policy';
import { RouteDestination } from '../route-destination';
import { HeaderOperations } from '../route-headers';
import { TcpRouteOptions } from '../tcp-route';
import { TlsRouteOptions } from '../tls-route';
import { durationProblem, optionalDurationProblem } from './duration';
import { TOKEN, TOKEN_CHARACTERS } from './header-name';
import { headerValueProblem } from './header-value';
import { KNOWN_HTTP_STATUSES, knownStatusList } from './http-status';
import { httpMatchProblems, tcpMatchProblems } from './match-values';
import { dnsLabelProblem, integerProblem } from './validation';

/** Methods Istio accepts in a CORS policy. */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];
/** Envoy counts percentages in millionths: smaller non-zero values are rejected by Istio. */
const MIN_PERCENT = 0.0001;

/** Percentages are 0–100 and may be fractional (Istio's `Percent`). */
export function percentProblem(prop: string, value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    return `'${prop}' must be a percentage between 0 and 100, got ${value}`;
  }
  if (value > 0 && value < MIN_PERCENT) {
    return `'${prop}' must be 0 or at least ${MIN_PERCENT} (Envoy counts in millionths), got ${value}`;
  }
  return undefined;
}

function destinationsValueProblems(destinations: RouteDestination[], required: boolean): Array<string | undefined> {
  return [
    required && destinations.length === 0 ? "'destinations' must have at least one entry" : undefined,
    ...destinations.flatMap((d, i) => [
      integerProblem(`destinations[${i}].weight`, d.weight, 0, 100),
      integerProblem(`destinations[${i}].port`, d.port, 1, 65535),
    ]),
  ];
}

/**
 * Header operations as Istio validates them: names are tokens; `host` and `:`-pseudo-headers
 * cannot be changed, except that requests may set or add the authority (`host` / `:authority`);
 * values are free text where `%` starts an Envoy variable (`%HOSTNAME%`) and a literal `%` is `%%`.
 */
function headerOpsProblems(prefix: string, ops: HeaderOperations | undefined, request: boolean): string[] {
  if (!ops) {
    return [];
  }
  const problems: string[] = [];
  const named: Array<[string, string, string | undefined]> = [
    ...Object.entries(ops.set ?? {}).map(([n, v]): [string, string, string] => ['set', n, v]),
    ...Object.entries(ops.add ?? {}).map(([n, v]): [string, string, string] => ['add', n, v]),
    ...(ops.remove ?? []).map((n): [string, string, undefined] => ['remove', n, undefined]),
  ];
  for (const [op, name, value] of named) {
    const prop = `${prefix}.${op}`;
    const authority = isAuthorityHeader(name);
    if (name.length === 0) {
      problems.push(`'${prop}' has an empty header name`);
    } else if (authority && (!request || op === 'remove')) {
      problems.push(`'${prop}' cannot ${op === 'remove' ? 'remove' : 'change'} header '${name}': ${request ? 'every request needs an authority' : 'responses have no authority'}`);
    } else if (name.startsWith(':') && !authority) {
      problems.push(`'${prop}' cannot change pseudo-header '${name}'`);
    } else if (!authority && !TOKEN.test(name)) {
      problems.push(`'${prop}' has an invalid header name '${name}' (${TOKEN_CHARACTERS})`);
    }
    const valueProblem = value === undefined ? undefined : headerValueProblem(value);
    if (valueProblem !== undefined) {
      problems.push(`'${prop}' value of '${name}' ${valueProblem}, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function isAuthorityHeader(name: string): boolean {
  return name.toLowerCase() === 'host' || name.toLowerCase() === ':authority';
}

/** Rewrites of the authority: `rewrite.authority` and request `set`/`add` of `host` or `:authority`; Istio allows one. */
function authorityRewriteProblem(o: HttpRouteOptions): string | undefined {
  const sources = [
    ...o.rewrite?.authority !== undefined ? ["'rewrite.authority'"] : [],
    ...(['set', 'add'] as const).flatMap(op => Object.keys(o.headers?.request?.[op] ?? {})
      .filter(isAuthorityHeader).map(n => `'headers.request.${op}' of '${n}'`)),
  ];
  return sources.length > 1 ? `the authority can be rewritten only once, got ${sources.join(' and ')}` : undefined;
}

function corsProblems(cors: CorsPolicy): Array<string | undefined> {
  const maxAgeMs = cors.maxAge?.toMilliseconds({ integral: false });
  return [
    cors.allowOrigins.length === 0 ? "'corsPolicy.allowOrigins' must have at least one entry" : undefined,
    cors.allowOrigins.some(s => s.kind === 'present') ? "'corsPolicy.allowOrigins' cannot use StringMatch.present()" : undefined,
    ...cors.allowOrigins.map((s, i) => s.kind !== 'present' && s.value === '' ? `'corsPolicy.allowOrigins[${i}]' must not be empty` : undefined),
    ...(cors.allowMethods ?? []).filter(m => !CORS_METHODS.includes(m))
      .map(m => `'corsPolicy.allowMethods' has an unsupported method '${m}' (allowed: ${CORS_METHODS.join(', ')})`),
    ...(['allowHeaders', 'exposeHeaders'] as const).flatMap(k => (cors[k] ?? []).filter(h => h !== '*' && !TOKEN.test(h))
      .map(h => `'corsPolicy.${k}' has an invalid header name '${h}' (${TOKEN_CHARACTERS}, or '*')`)),
    optionalDurationProblem('corsPolicy.maxAge', cors.maxAge)
      ?? (maxAgeMs !== undefined && maxAgeMs % 1000 !== 0 ? `'corsPolicy.maxAge' must be a whole number of seconds, got ${maxAgeMs}ms` : undefined),
  ];
}

/**
 * The value problems of an HTTP route; `atGateway` when its VirtualService is bound to a gateway,
 * `gatewayApi` when it becomes a Gateway API route (whose backend checks what differs there).
 */
export function httpValueProblems(o: HttpRouteOptions, atGateway: boolean, gatewayApi: boolean): Array<string | undefined> {
  return [
    o.name !== undefined ? dnsLabelProblem('name', o.name) : undefined,
    ...(o.matches ?? []).flatMap((m, i) => httpMatchProblems(`matches[${i}]`, m, atGateway)),
    ...o.destinations !== undefined ? destinationsValueProblems(o.destinations, true) : [],
    o.redirect !== undefined && o.destinations !== undefined ? "'redirect' and 'destinations' exclude each other: a redirect answers instead of forwarding" : undefined,
    o.redirect !== undefined && o.rewrite !== undefined ? "'redirect' and 'rewrite' exclude each other" : undefined,
    o.redirect !== undefined && o.mirror !== undefined ? "'redirect' and 'mirror' exclude each other" : undefined,
    o.redirect !== undefined && o.fault !== undefined ? "'redirect' and 'fault' exclude each other" : undefined,
    optionalDurationProblem('timeout', o.timeout),
    ...o.retries ? [
      integerProblem('retries.attempts', o.retries.attempts, 0, 1000),
      optionalDurationProblem('retries.perTryTimeout', o.retries.perTryTimeout),
      o.retries.retryOn !== undefined && o.retries.retryOn.length === 0 ? "'retries.retryOn' must not be empty (leave it out for Istio's default)" : undefined,
      ...(o.retries.retryOnStatusCodes ?? []).map((c, i) => (gatewayApi ? integerProblem(`retries.retryOnStatusCodes[${i}]`, c, 100, 599)
        : retryStatusProblem(`retries.retryOnStatusCodes[${i}]`, c))),
      retriesDisabledProblem(o.retries),
    ] : [],
    ...o.fault ? [
      o.fault.delay === undefined && o.fault.abort === undefined ? "'fault' needs a 'delay', an 'abort' or both" : undefined,
      o.fault.delay ? durationProblem('fault.delay.fixedDelay', o.fault.delay.fixedDelay) : undefined,
      percentProblem('fault.delay.percentage', o.fault.delay?.percentage),
      o.fault.abort ? integerProblem('fault.abort.httpStatus', o.fault.abort.httpStatus, 200, 599) : undefined,
      percentProblem('fault.abort.percentage', o.fault.abort?.percentage),
    ] : [],
    ...o.mirror ? [
      o.mirror.destination.weight !== undefined ? `'mirror.destination.weight' must not be set: a mirror receives a copy of ${o.mirror.percentage ?? 100}% of requests` : undefined,
      integerProblem('mirror.destination.port', o.mirror.destination.port, 1, 65535),
      percentProblem('mirror.percentage', o.mirror.percentage),
    ] : [],
    ...o.redirect ? [
      o.redirect.uri === undefined && o.redirect.authority === undefined && o.redirect.port === undefined && o.redirect.scheme === undefined
        ? "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops" : undefined,
      integerProblem('redirect.port', o.redirect.port, 1, 65535),
      integerProblem('redirect.redirectCode', o.redirect.redirectCode, 300, 399),
      o.redirect.scheme !== undefined && !['http', 'https'].includes(o.redirect.scheme) ? `'redirect.scheme' must be 'http' or 'https', got '${o.redirect.scheme}'` : undefined,
      emptyProblem('redirect.uri', o.redirect.uri, 'the path'),
      emptyProblem('redirect.authority', o.redirect.authority, 'the authority'),
    ] : [],
    o.rewrite !== undefined && o.rewrite.uri === undefined && o.rewrite.authority === undefined ? "'rewrite' needs a 'uri', an 'authority' or both" : undefined,
    emptyProblem('rewrite.uri', o.rewrite?.uri, 'the URI'),
    emptyProblem('rewrite.authority', o.rewrite?.authority, 'the authority'),
    ...headerOpsProblems('headers.request', o.headers?.request, true),
    ...headerOpsProblems('headers.response', o.headers?.response, false),
    authorityRewriteProblem(o),
    ...o.corsPolicy ? corsProblems(o.corsPolicy) : [],
  ];
}

/** An empty rewrite or redirect value: Istio reads it as unset, so it would silently change nothing. */
function emptyProblem(prop: string, value: string | undefined, kept: string): string | undefined {
  return value === '' ? `'${prop}' must not be empty: Istio reads '' as unset (leave it out to keep ${kept})` : undefined;
}

/** A retried status code: Istio accepts a numeric `retryOn` entry only when Go's `http.StatusText` knows it. */
function retryStatusProblem(prop: string, code: number): string | undefined {
  return KNOWN_HTTP_STATUSES.has(code) ? undefined
    : `'${prop}' must be an HTTP status code Go's net/http knows (${knownStatusList()}): Istio refuses others, got ${code}`;
}

/** The value problems of a TCP route. */
export function tcpValueProblems(options: TcpRouteOptions): Array<string | undefined> {
  return [
    ...(options.matches ?? []).flatMap((m, i) => tcpMatchProblems(`matches[${i}]`, m)),
    ...destinationsValueProblems(options.destinations, true),
  ];
}

/** The value problems of a TLS route. */
export function tlsValueProblems(options: TlsRouteOptions): Array<string | undefined> {
  return [
    options.matches !== undefined && options.matches.length === 0 ? "'matches' must have at least one entry, or be left out to match the host's own SNI" : undefined,
    ...(options.matches ?? []).flatMap((m, i) => [
      m.sniHosts !== undefined && m.sniHosts.length === 0 ? `'matches[${i}].sniHosts' must have at least one entry, or be left out for the host's own SNI` : undefined,
      ...tcpMatchProblems(`matches[${i}]`, m),
    ]),
    ...destinationsValueProblems(options.destinations, true),
  ];
}

/** Istio rejects retry settings when `attempts` is 0 (retries disabled). */
function retriesDisabledProblem(r: RetryPolicy): string | undefined {
  if (r.attempts !== 0) {
    return undefined;
  }
  const set = (['perTryTimeout', 'retryOn', 'retryOnStatusCodes', 'retryRemoteLocalities'] as const).filter(k => r[k] !== undefined);
  return set.length > 0
    ? `'retries.attempts' 0 disables retries, so ${set.map(k => `'retries.${k}'`).join(', ')} must not be set`
    : undefined;
}
