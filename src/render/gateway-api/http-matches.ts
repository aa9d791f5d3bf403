/**
 * The matches of an HTTP route as HTTPRoute matches: paths, methods, headers and query
 * parameters, with every condition the Gateway API cannot express reported as a problem.
 */
import { escapeRe2, HEADER_VALUE, HEADER_VALUE_RULE, HTTP_METHODS, MAX_HEADERS, pathValueProblem, pushIf, unsupported } from './values';
import { HttpMatch } from '../../http-route';
import {
  HttpRouteSpecRulesMatches, HttpRouteSpecRulesMatchesHeaders, HttpRouteSpecRulesMatchesHeadersType, HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType, HttpRouteSpecRulesMatchesQueryParams, HttpRouteSpecRulesMatchesQueryParamsType,
} from '../../imports/gateway.networking.k8s.io';
import { TOKEN, TOKEN_CHARACTERS } from '../../private/header-name';
import { StringMatch } from '../../string-match';

/** The catch-all match the API server writes for a rule without matches. */
export const CATCH_ALL: HttpRouteSpecRulesMatches = { path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } };

/** Converts one match (its `port` is the caller's business for mesh routes). */
export function convertMatch(prefix: string, m: HttpMatch, gatewayRoute: boolean): { match: HttpRouteSpecRulesMatches; problems: string[] } {
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
    path = { type: m.uri.kind === 'exact' ? HttpRouteSpecRulesMatchesPathType.EXACT : HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: m.uri.value };
    pushIf(problems, pathValueProblem(`${prefix}.uri`, m.uri.value));
  }

  let method: HttpRouteSpecRulesMatchesMethod | undefined;
  if (m.method !== undefined) {
    if (m.method.kind !== 'exact') {
      problems.push(unsupported(`a ${m.method.kind} method match`, `${prefix}.method`, 'HTTPRoute matches one exact method'));
    } else if (!HTTP_METHODS.includes(m.method.value)) {
      problems.push(`'${prefix}.method' must be one of ${HTTP_METHODS.join(', ')} in the Gateway API, got '${m.method.value}'`);
    } else {
      method = m.method.value as HttpRouteSpecRulesMatchesMethod;
    }
  }

  const headers: HttpRouteSpecRulesMatchesHeaders[] = valueMatches(`${prefix}.headers`, m.headers, true, problems).map(v => ({
    name: v.name,
    type: v.regex ? HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION : HttpRouteSpecRulesMatchesHeadersType.EXACT,
    value: v.value,
  }));
  const queryParams: HttpRouteSpecRulesMatchesQueryParams[] = valueMatches(`${prefix}.queryParams`, m.queryParams, false, problems).map(v => ({
    name: v.name,
    type: v.regex ? HttpRouteSpecRulesMatchesQueryParamsType.REGULAR_EXPRESSION : HttpRouteSpecRulesMatchesQueryParamsType.EXACT,
    value: v.value,
  }));
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

/** A header or query parameter condition: its name, the value, and whether the value is a regular expression. */
export interface ValueCondition {
  readonly name: string;
  readonly value: string;
  readonly regex: boolean;
}

/**
 * Header or query parameter matches: exact and regular expressions as they are, prefixes as
 * the regular expression `<escaped prefix>.*` (Istio matches regular expressions against the
 * whole value, so this is the same condition).
 */
export function valueMatches(
  prop: string, map: { [name: string]: StringMatch } | undefined, header: boolean, problems: string[], kind: string = 'HTTPRoute',
): ValueCondition[] {
  const maxLength = header ? 4096 : 1024;
  const entries = Object.entries(map ?? {});
  if (entries.length > MAX_HEADERS) {
    problems.push(`'${prop}' has ${entries.length} entries: ${kind === 'HTTPRoute' ? 'an' : 'a'} ${kind} match has at most ${MAX_HEADERS}`);
  }
  const out: ValueCondition[] = [];
  for (const [name, sm] of entries) {
    if (!TOKEN.test(name) || name.length > 256) {
      problems.push(`'${prop}' key '${name}' must be a header-style token in the Gateway API (${TOKEN_CHARACTERS})`);
    }
    if (sm.kind === 'present') {
      problems.push(unsupported('a presence match', prop, `'${name}' is StringMatch.present(), and ${kind} matches values only`));
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
    out.push({ name, value, regex: sm.kind !== 'exact' });
  }
  return out;
}
