/**
 * An HTTP route of this library (`HttpRouteOptions`) as an HTTPRoute rule: matches, backends,
 * filters, timeouts and retries, with every setting the Gateway API cannot express reported as a
 * problem (the route is then not rendered: synthesis fails on the problems first).
 */
import { Duration } from 'cdk8s';
import { CorsPolicy, HeaderOperations, HttpMatch, HttpRouteOptions, RouteDestination, StringMatch } from '../../route';
import { durationProblem } from '../duration';
import {
  BackendObjectReference, BackendRef, HttpCorsFilter, HttpHeaderFilter, HttpHeaderMatch, HttpMethod, HttpPathModifier,
  HttpQueryParamMatch, HttpRequestRedirectFilter, HttpRouteFilter, HttpRouteMatch, HttpRouteRetry, HttpRouteRule, HttpRouteTimeouts,
} from './types';
import {
  escapeRe2, gatewayDurationProblem, HEADER_NAME, HTTP_METHODS, isCorsOrigin, pathValueProblem, preciseHostnameProblem,
  REDIRECT_CODES, toGatewayDuration, toMirrorShare, unsupported,
} from './values';
import { regexMatchesEveryValue } from '../re2/match-all';

/** The catch-all match the API server writes for a rule without matches. */
export const CATCH_ALL: HttpRouteMatch = { path: { type: 'PathPrefix', value: '/' } };

/** Resolves a destination to a Service reference, or says why it cannot. */
export type BackendResolver = (destination: RouteDestination, prop: string) => { ref?: BackendObjectReference; problems: string[] };

/** What converting a route needs to know about where it is rendered. */
export interface RuleContext {
  /** How messages name the route: `routes[0] 'jason'`. */
  readonly label: string;
  readonly resolve: BackendResolver;
  /** Backends of routes that give no destinations (a service's default route), if any. */
  readonly defaultBackends?: BackendRef[];
  /**
   * The Service port of a mesh HTTPRoute: matches on other ports are left out and `port`
   * conditions dropped. Undefined for gateway routes, where `port` conditions are errors.
   */
  readonly port?: number;
}

/** A rendered rule (undefined when the route has no match on the context's port) and the problems. */
export interface ConvertedRule {
  readonly rule?: HttpRouteRule;
  readonly problems: string[];
}

const MAX_HEADERS = 16;
/** A header value as the Gateway API's experimental channel checks it (RFC 7230 field content). */
const HEADER_VALUE = /^[!-~]+([\t ]?[!-~]+)*$/;
const HEADER_VALUE_RULE = 'must be printable US-ASCII, words separated by single spaces or tabs, in the Gateway API';
const MAX_MATCHES = 64;
const MAX_BACKENDS = 16;
const MAX_CORS_ENTRIES = 64;

/** Converts an HTTP route. */
export function convertHttpRoute(ctx: RuleContext, o: HttpRouteOptions): ConvertedRule {
  const problems: string[] = [];
  const given = (o.matches ?? []).map((m, i) => ({ m, i }));
  const applicable = ctx.port === undefined ? given : given.filter(x => x.m.port === undefined || x.m.port === ctx.port);
  if (given.length > 0 && applicable.length === 0) {
    return { problems: [] };
  }
  const matches: HttpRouteMatch[] = [];
  for (const { m, i } of applicable) {
    const converted = convertMatch(`matches[${i}]`, m, ctx.port === undefined);
    problems.push(...converted.problems);
    matches.push(converted.match);
  }
  if (matches.length > MAX_MATCHES) {
    problems.push(`'matches' has ${matches.length} entries: an HTTPRoute rule has at most ${MAX_MATCHES}`);
  }

  const filters: HttpRouteFilter[] = [];
  if (o.corsPolicy) {
    const cors = convertCors(o.corsPolicy);
    problems.push(...cors.problems);
    filters.push({ type: 'CORS', cors: cors.filter });
  }
  const request = convertHeaderOps('headers.request', o.headers?.request, true);
  const response = convertHeaderOps('headers.response', o.headers?.response, false);
  problems.push(...request.problems, ...response.problems);
  if (request.filter) {
    filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: request.filter });
  }
  if (response.filter) {
    filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: response.filter });
  }
  if (o.rewrite) {
    const path = o.rewrite.uri === undefined ? undefined : rewritePath(o.rewrite.uri, applicable.map(x => x.m), problems);
    const hostname = o.rewrite.authority;
    if (hostname !== undefined) {
      pushIf(problems, preciseHostnameProblem('rewrite.authority', hostname));
    }
    filters.push({ type: 'URLRewrite', urlRewrite: { hostname, path } });
  }
  if (o.redirect) {
    const code = o.redirect.redirectCode ?? 301;
    if (!REDIRECT_CODES.includes(code)) {
      problems.push(unsupported(`redirect status ${code}`, 'redirect.redirectCode', `a RequestRedirect filter answers ${REDIRECT_CODES.join(', ')}`));
    }
    if (o.redirect.authority !== undefined) {
      pushIf(problems, preciseHostnameProblem('redirect.authority', o.redirect.authority));
    }
    filters.push({
      type: 'RequestRedirect',
      requestRedirect: {
        scheme: o.redirect.scheme as 'http' | 'https' | undefined,
        hostname: o.redirect.authority,
        path: o.redirect.uri === undefined ? undefined : { type: 'ReplaceFullPath', replaceFullPath: o.redirect.uri },
        port: o.redirect.port,
        statusCode: code as HttpRequestRedirectFilter['statusCode'],
      },
    });
  }
  if (o.mirror) {
    const { ref, problems: refProblems } = ctx.resolve(o.mirror.destination, 'mirror.destination');
    problems.push(...refProblems);
    if (ref) {
      filters.push({ type: 'RequestMirror', requestMirror: { backendRef: ref, ...toMirrorShare(o.mirror.percentage ?? 100) } });
    }
  }
  if (o.fault) {
    problems.push(unsupported('fault injection', 'fault', 'HTTPRoute has no filter that delays or aborts requests'));
  }

  let backendRefs: BackendRef[] | undefined;
  if (o.redirect === undefined) {
    if (o.destinations !== undefined) {
      backendRefs = [];
      o.destinations.forEach((d, i) => {
        const { ref, problems: refProblems } = ctx.resolve(d, `destinations[${i}]`);
        problems.push(...refProblems);
        if (ref) {
          backendRefs!.push({ ...ref, weight: o.destinations!.length > 1 ? d.weight ?? 0 : 1 });
        }
      });
    } else {
      backendRefs = ctx.defaultBackends;
    }
    if (backendRefs !== undefined && backendRefs.length > MAX_BACKENDS) {
      problems.push(`'destinations' has ${backendRefs.length} entries: an HTTPRoute rule has at most ${MAX_BACKENDS} backends`);
    }
  }

  const timeouts = convertTimeouts(o, problems);
  const retry = convertRetry(o, problems);
  const found = problems.map(p => `${ctx.label}: ${p}`);
  return {
    problems: found,
    rule: {
      name: o.name,
      matches: matches.length > 0 ? matches : [CATCH_ALL],
      filters: filters.length > 0 ? filters : undefined,
      backendRefs,
      timeouts,
      retry,
    },
  };
}

/** Converts one match (its `port` is the caller's business for mesh routes). */
export function convertMatch(prefix: string, m: HttpMatch, gatewayRoute: boolean): { match: HttpRouteMatch; problems: string[] } {
  const problems: string[] = [];
  const nonEmpty = (v: object | undefined) => v !== undefined && Object.keys(v).length > 0;
  if (m.name !== undefined) {
    problems.push(unsupported('a match name', `${prefix}.name`, 'HTTPRoute matches have no names'));
  }
  if (m.ignoreUriCase) {
    problems.push(unsupported('case-insensitive path matching', `${prefix}.ignoreUriCase`, 'HTTPRoute paths match case-sensitively'));
  }
  if (m.scheme !== undefined) {
    problems.push(unsupported('a scheme match', `${prefix}.scheme`, 'HTTPRoute matches paths, methods, headers and query parameters'));
  }
  if (m.authority !== undefined) {
    problems.push(unsupported('an authority match', `${prefix}.authority`, gatewayRoute
      ? "HTTPRoute matches paths, methods, headers and query parameters; a gateway route's 'hosts' select the host"
      : 'HTTPRoute matches paths, methods, headers and query parameters'));
  }
  if (nonEmpty(m.withoutHeaders)) {
    problems.push(unsupported('a negative header match', `${prefix}.withoutHeaders`, 'HTTPRoute matches only headers that are present with a value'));
  }
  if (nonEmpty(m.sourceLabels)) {
    problems.push(unsupported('a match on the calling workload', `${prefix}.sourceLabels`, 'HTTPRoute matches requests, not callers'));
  }
  if (m.sourceNamespace !== undefined) {
    problems.push(unsupported('a match on the calling namespace', `${prefix}.sourceNamespace`, 'HTTPRoute matches requests, not callers'));
  }
  if ((m.gateways ?? []).length > 0) {
    problems.push(unsupported('gateway selection per match', `${prefix}.gateways`, gatewayRoute
      ? "an HTTPRoute's parents are the gateway listeners that serve its hosts"
      : "a mesh HTTPRoute's parent is its Service"));
  }
  if (gatewayRoute && m.port !== undefined) {
    problems.push(unsupported('a port match', `${prefix}.port`, 'a gateway HTTPRoute applies on every listener that serves its hosts'));
  }

  let path = CATCH_ALL.path;
  if (m.uri?.kind === 'regex') {
    problems.push(unsupported('a regular-expression path', `${prefix}.uri`,
      'the Gateway API leaves the precedence of RegularExpression paths to the implementation, so the order of the routes could not be kept'));
  } else if (m.uri !== undefined) {
    path = { type: m.uri.kind === 'exact' ? 'Exact' : 'PathPrefix', value: m.uri.value };
    pushIf(problems, pathValueProblem(`${prefix}.uri`, m.uri.value));
  }

  let method: HttpMethod | undefined;
  if (m.method !== undefined) {
    if (m.method.kind !== 'exact') {
      problems.push(unsupported(`a ${m.method.kind} method match`, `${prefix}.method`, 'HTTPRoute matches one exact method'));
    } else if (!HTTP_METHODS.includes(m.method.value)) {
      problems.push(`'${prefix}.method' must be one of ${HTTP_METHODS.join(', ')} in the Gateway API, got '${m.method.value}'`);
    } else {
      method = m.method.value as HttpMethod;
    }
  }

  const headers = valueMatches(`${prefix}.headers`, m.headers, true, problems);
  const queryParams = valueMatches(`${prefix}.queryParams`, m.queryParams, false, problems);
  return {
    problems,
    match: {
      path,
      headers: headers.length > 0 ? headers : undefined,
      queryParams: queryParams.length > 0 ? queryParams : undefined,
      method,
    },
  };
}

/**
 * Header or query parameter matches: exact and regular expressions as they are, prefixes as
 * the regular expression `<escaped prefix>.*` (Istio matches regular expressions against the
 * whole value, so this is the same condition).
 */
function valueMatches(
  prop: string, map: { [name: string]: StringMatch } | undefined, header: boolean, problems: string[],
): Array<HttpHeaderMatch & HttpQueryParamMatch> {
  const maxLength = header ? 4096 : 1024;
  const entries = Object.entries(map ?? {});
  if (entries.length > MAX_HEADERS) {
    problems.push(`'${prop}' has ${entries.length} entries: an HTTPRoute match has at most ${MAX_HEADERS}`);
  }
  const out: Array<HttpHeaderMatch & HttpQueryParamMatch> = [];
  for (const [name, sm] of entries) {
    if (!HEADER_NAME.test(name) || name.length > 256) {
      problems.push(`'${prop}' key '${name}' must be a header-style token in the Gateway API (letters, digits and !#$%&'*+-.^_\`|~)`);
    }
    if (sm.kind === 'present') {
      problems.push(unsupported('a presence match', prop, `'${name}' is StringMatch.present(), and HTTPRoute matches values only`));
      continue;
    }
    const value = sm.kind === 'prefix' ? `${escapeRe2(sm.value)}.*` : sm.value;
    if (value.length === 0) {
      problems.push(`'${prop}' entry '${name}' must not match the empty string in the Gateway API: use a non-empty value`);
    } else if (value.length > maxLength) {
      problems.push(`'${prop}' entry '${name}' must be at most ${maxLength} characters in the Gateway API, got ${value.length}`);
    } else if (header && !HEADER_VALUE.test(value)) {
      problems.push(`'${prop}' entry '${name}' ${HEADER_VALUE_RULE}, got '${value}'`);
    }
    out.push({ name, type: sm.kind === 'exact' ? 'Exact' : 'RegularExpression', value });
  }
  return out;
}

/**
 * `rewrite.uri` replaces the matched prefix, or the whole path of an exact match: a
 * ReplacePrefixMatch for a route with exactly one prefix match, a ReplaceFullPath for a route
 * whose matches are all exact paths. Anything else has no Gateway API form.
 */
function rewritePath(uri: string, matches: HttpMatch[], problems: string[]): HttpPathModifier | undefined {
  if (matches.length > 0 && matches.every(m => m.uri?.kind === 'exact')) {
    return { type: 'ReplaceFullPath', replaceFullPath: uri };
  }
  if (matches.length === 1 && matches[0].uri?.kind === 'prefix') {
    return { type: 'ReplacePrefixMatch', replacePrefixMatch: uri };
  }
  problems.push(unsupported('a URI rewrite of this route', 'rewrite.uri',
    'an HTTPRoute replaces either the prefix of a rule with exactly one path-prefix match, or the full path; give the route one prefix match, or only exact paths'));
  return undefined;
}

function convertHeaderOps(prop: string, ops: HeaderOperations | undefined, request: boolean): { filter?: HttpHeaderFilter; problems: string[] } {
  if (!ops) {
    return { problems: [] };
  }
  const problems: string[] = [];
  const headers = (op: 'set' | 'add') => {
    const entries = Object.entries(ops[op] ?? {});
    if (entries.length > MAX_HEADERS) {
      problems.push(`'${prop}.${op}' has ${entries.length} entries: a header filter has at most ${MAX_HEADERS}`);
    }
    const seen = new Set<string>();
    for (const [name, value] of entries) {
      nameProblem(`${prop}.${op}`, name);
      if (value.length === 0 || value.length > 4096) {
        problems.push(`'${prop}.${op}' value of '${name}' must be 1 to 4096 characters in the Gateway API, got ${value.length}`);
      } else if (!HEADER_VALUE.test(value)) {
        problems.push(`'${prop}.${op}' value of '${name}' ${HEADER_VALUE_RULE}, got '${value}'`);
      }
      if (seen.has(name.toLowerCase())) {
        problems.push(`'${prop}.${op}' names header '${name}' twice (header names are case-insensitive)`);
      }
      seen.add(name.toLowerCase());
    }
    return entries.length > 0 ? entries.map(([name, value]) => ({ name, value })) : undefined;
  };
  const nameProblem = (p: string, name: string) => {
    if (request && ['host', ':authority'].includes(name.toLowerCase())) {
      problems.push(unsupported('an authority rewrite by header', p, `use 'rewrite.authority' instead of header '${name}'`));
    } else if (!HEADER_NAME.test(name) || name.length > 256) {
      problems.push(`'${p}' header name '${name}' must be a token in the Gateway API (letters, digits and !#$%&'*+-.^_\`|~)`);
    }
  };
  const set = headers('set');
  const add = headers('add');
  const remove = ops.remove && ops.remove.length > 0 ? [...ops.remove] : undefined;
  (remove ?? []).forEach(name => nameProblem(`${prop}.remove`, name));
  if ((remove ?? []).length > MAX_HEADERS) {
    problems.push(`'${prop}.remove' has ${remove!.length} entries: a header filter has at most ${MAX_HEADERS}`);
  }
  problems.push(...duplicates(`${prop}.remove`, remove ?? [], 'header names are case-insensitive, and the Gateway API takes each once', n => n.toLowerCase()));
  // a Gateway API header filter allows one action per header name (set, add or remove)
  const actions = new Map<string, string[]>();
  for (const [op, names] of [['set', Object.keys(ops.set ?? {})], ['add', Object.keys(ops.add ?? {})], ['remove', remove ?? []]] as const) {
    for (const name of new Set(names.map(n => n.toLowerCase()))) {
      actions.set(name, [...actions.get(name) ?? [], op]);
    }
  }
  for (const [name, used] of actions) {
    if (used.length > 1) {
      const quoted = used.map(o => `'${o}'`);
      problems.push(`'${prop}' names header '${name}' in ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}: a Gateway API header filter takes one action per header name`);
    }
  }
  const filter = set || add || remove ? { set, add, remove } : undefined;
  return { filter, problems };
}

/** An origin regex that matches every origin (`.*`, `(?s).*`, `.+` …): the Gateway API's `*`. */
function anyOrigin(o: StringMatch): boolean {
  return o.kind === 'regex' && regexMatchesEveryValue(o.value);
}

function convertCors(c: CorsPolicy): { filter: HttpCorsFilter; problems: string[] } {
  const problems: string[] = [];
  const origins: string[] = [];
  c.allowOrigins.forEach((o, i) => {
    const prop = `corsPolicy.allowOrigins[${i}]`;
    if (anyOrigin(o)) {
      origins.push('*');
    } else if (o.kind !== 'exact') {
      problems.push(unsupported(`a ${o.kind} origin match`, prop, "a CORS filter lists origins ('https://shop.example.com', '*.' wildcards, or '*' for any: StringMatch.regex('.*'))"));
    } else if (o.value.includes('*')) {
      problems.push(`'${prop}' '${o.value}' contains '*', which the Gateway API reads as a wildcard and Istio as a literal character: for any origin use StringMatch.regex('.*')`);
    } else if (!isCorsOrigin(o.value)) {
      problems.push(`'${prop}' must be an origin 'http(s)://host[:port]' in the Gateway API, got '${o.value}'`);
    } else {
      origins.push(o.value);
    }
  });
  if (c.allowOrigins.some(anyOrigin) && !c.allowOrigins.every(anyOrigin)) {
    problems.push("'corsPolicy.allowOrigins' allows any origin (StringMatch.regex('.*')) and lists others: the Gateway API takes '*' only as the single origin, so give StringMatch.regex('.*') alone or only the origins");
  }
  const methods = c.allowMethods;
  if (methods !== undefined && methods.includes('*') && methods.length > 1) {
    problems.push("'corsPolicy.allowMethods' must not list '*' together with other methods in the Gateway API");
  }
  const set = "the Gateway API's CORS lists are sets";
  problems.push(
    ...duplicates('corsPolicy.allowOrigins', origins, set),
    ...duplicates('corsPolicy.allowMethods', methods ?? [], set),
    ...duplicates('corsPolicy.allowHeaders', c.allowHeaders ?? [], set),
    ...duplicates('corsPolicy.exposeHeaders', c.exposeHeaders ?? [], set),
  );
  for (const list of ['allowOrigins', 'allowHeaders', 'exposeHeaders'] as const) {
    const n = (c[list] ?? []).length;
    if (n > MAX_CORS_ENTRIES) {
      problems.push(`'corsPolicy.${list}' has ${n} entries: a CORS filter takes at most ${MAX_CORS_ENTRIES}`);
    }
  }
  return {
    problems,
    filter: {
      allowOrigins: origins,
      // Istio accepts the same methods (and '*') as the Gateway API
      allowMethods: methods && methods.length > 0 ? methods as Array<HttpMethod | '*'> : undefined,
      allowHeaders: c.allowHeaders && c.allowHeaders.length > 0 ? [...c.allowHeaders] : undefined,
      exposeHeaders: c.exposeHeaders && c.exposeHeaders.length > 0 ? [...c.exposeHeaders] : undefined,
      // the API server writes 5 (seconds) when left out; browsers assume 5 seconds without the header, as in Istio's mode
      maxAge: c.maxAge !== undefined ? c.maxAge.toSeconds() : 5,
      allowCredentials: c.allowCredentials,
    },
  };
}

/** `timeout` is the request timeout; `retries.perTryTimeout` the timeout of each backend request. */
function convertTimeouts(o: HttpRouteOptions, problems: string[]): HttpRouteTimeouts | undefined {
  const request = o.timeout;
  const backendRequest = o.retries?.perTryTimeout;
  const checked = (prop: string, d: Duration | undefined) => {
    if (d !== undefined && durationProblem(prop, d) === undefined) {
      pushIf(problems, gatewayDurationProblem(prop, d));
    }
  };
  checked('timeout', request);
  checked('retries.perTryTimeout', backendRequest);
  if (request !== undefined && backendRequest !== undefined
    && backendRequest.toMilliseconds({ integral: false }) > request.toMilliseconds({ integral: false })) {
    problems.push(`'retries.perTryTimeout' (${toGatewayDuration(backendRequest)}) must not be longer than 'timeout' (${toGatewayDuration(request)}) in the Gateway API, whose backend request timeout is part of the request timeout`);
  }
  if (request === undefined && backendRequest === undefined) {
    return undefined;
  }
  return {
    request: request && toGatewayDuration(request),
    backendRequest: backendRequest && toGatewayDuration(backendRequest),
  };
}

/** Retries: attempts and status codes; Envoy's retry conditions have no Gateway API form. */
function convertRetry(o: HttpRouteOptions, problems: string[]): HttpRouteRetry | undefined {
  const r = o.retries;
  if (!r) {
    return undefined;
  }
  if (r.retryOn !== undefined) {
    problems.push(unsupported('retry conditions', 'retries.retryOn', "an HTTPRoute retries on the status codes it lists: use 'retryOnStatusCodes'"));
  }
  if (r.retryRemoteLocalities) {
    problems.push(unsupported('retries in other localities', 'retries.retryRemoteLocalities', 'an HTTPRoute retry has no locality setting: leave it out'));
  }
  if (r.attempts === 0) {
    problems.push(unsupported('turning retries off', 'retries.attempts',
      "an HTTPRoute's 'retry.attempts' is at least 1, and a rule without 'retry' gets the implementation's default retries: give 1 or more attempts"));
  }
  const codes = r.retryOnStatusCodes ?? [];
  codes.forEach((c, i) => {
    if (Number.isInteger(c) && (c < 400 || c > 599)) {
      problems.push(`'retries.retryOnStatusCodes[${i}]' must be between 400 and 599 in the Gateway API, got ${c}`);
    }
  });
  problems.push(...duplicates('retries.retryOnStatusCodes', codes.map(String), "the Gateway API's 'retry.codes' is a set"));
  return { attempts: r.attempts, codes: codes.length > 0 ? [...codes] : undefined };
}

/** `'<prop>' lists '<x>' twice: <why>` for each value given more than once (`key` makes values equal). */
function duplicates(prop: string, values: string[], why: string, key: (v: string) => string = v => v): string[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  const problems: string[] = [];
  for (const v of values) {
    const k = key(v);
    if (seen.has(k) && !reported.has(k)) {
      problems.push(`'${prop}' lists '${v}' twice: ${why}`);
      reported.add(k);
    }
    seen.add(k);
  }
  return problems;
}

function pushIf(problems: string[], problem: string | undefined): void {
  if (problem !== undefined) {
    problems.push(problem);
  }
}
