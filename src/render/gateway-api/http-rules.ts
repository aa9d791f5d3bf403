/**
 * An HTTP route of this library (`HttpRouteOptions`) as an HTTPRoute rule: matches
 * (http-matches.ts), backends, filters (header-filters.ts, cors-filter.ts, and here rewrites,
 * redirects and mirrors), timeouts and retries (timeouts-retries.ts), with every setting the
 * Gateway API cannot express reported as a problem (the route is then not rendered: synthesis
 * fails on the problems first).
 */
import { weightedBackends } from './backends';
import { convertCors } from './cors-filter';
import { convertHeaderOps } from './header-filters';
import { CATCH_ALL, convertMatch } from './http-matches';
import { convertRetry, convertTimeouts } from './timeouts-retries';
import { preciseHostnameProblem, pushIf, REDIRECT_CODES, toMirrorShare, unsupported } from './values';
import { HttpMatch, HttpRouteOptions } from '../../http-route';
import {
  HttpRouteSpecRules, HttpRouteSpecRulesBackendRefs as BackendRef, HttpRouteSpecRulesFilters,
  HttpRouteSpecRulesFiltersRequestMirrorBackendRef as BackendObjectReference, HttpRouteSpecRulesFiltersRequestRedirectPathType,
  HttpRouteSpecRulesFiltersRequestRedirectScheme, HttpRouteSpecRulesFiltersRequestRedirectStatusCode, HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesFiltersUrlRewritePath, HttpRouteSpecRulesFiltersUrlRewritePathType, HttpRouteSpecRulesMatches,
} from '../../imports/gateway.networking.k8s.io';
import { RouteDestination } from '../../route-destination';

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
  readonly rule?: HttpRouteSpecRules;
  readonly problems: string[];
}

const MAX_MATCHES = 64;
const MAX_BACKENDS = 16;

/** Converts an HTTP route. */
export function convertHttpRoute(ctx: RuleContext, o: HttpRouteOptions): ConvertedRule {
  const problems: string[] = [];
  const given = (o.matches ?? []).map((m, i) => ({ m, i }));
  const applicable = ctx.port === undefined ? given : given.filter(x => x.m.port === undefined || x.m.port === ctx.port);
  if (given.length > 0 && applicable.length === 0) {
    return { problems: [] };
  }
  const matches: HttpRouteSpecRulesMatches[] = [];
  for (const { m, i } of applicable) {
    const converted = convertMatch(`matches[${i}]`, m, ctx.port === undefined);
    problems.push(...converted.problems);
    matches.push(converted.match);
  }
  if (matches.length > MAX_MATCHES) {
    problems.push(`'matches' has ${matches.length} entries: an HTTPRoute rule has at most ${MAX_MATCHES}`);
  }

  const filters: HttpRouteSpecRulesFilters[] = [];
  if (o.corsPolicy) {
    const cors = convertCors(o.corsPolicy);
    problems.push(...cors.problems);
    filters.push({ type: HttpRouteSpecRulesFiltersType.CORS, cors: cors.filter });
  }
  const request = convertHeaderOps('headers.request', o.headers?.request, true);
  const response = convertHeaderOps('headers.response', o.headers?.response, false);
  problems.push(...request.problems, ...response.problems);
  if (request.filter) {
    filters.push({ type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER, requestHeaderModifier: request.filter });
  }
  if (response.filter) {
    filters.push({ type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: response.filter });
  }
  if (o.rewrite) {
    const path = o.rewrite.uri === undefined ? undefined : rewritePath(o.rewrite.uri, applicable.map(x => x.m), problems);
    const hostname = o.rewrite.authority;
    if (hostname !== undefined) {
      pushIf(problems, preciseHostnameProblem('rewrite.authority', hostname));
    }
    filters.push({ type: HttpRouteSpecRulesFiltersType.URL_REWRITE, urlRewrite: { hostname, path } });
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
      type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
      requestRedirect: {
        scheme: o.redirect.scheme as HttpRouteSpecRulesFiltersRequestRedirectScheme | undefined,
        hostname: o.redirect.authority,
        path: o.redirect.uri === undefined ? undefined
          : { type: HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_FULL_PATH, replaceFullPath: o.redirect.uri },
        port: o.redirect.port,
        statusCode: code as HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
      },
    });
  }
  if (o.mirror) {
    const { ref, problems: refProblems } = ctx.resolve(o.mirror.destination, 'mirror.destination');
    problems.push(...refProblems);
    if (ref) {
      filters.push({
        type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR,
        requestMirror: { backendRef: ref, ...toMirrorShare(o.mirror.percentage ?? 100) },
      });
    }
  }
  if (o.fault) {
    problems.push(unsupported('fault injection', 'fault', 'HTTPRoute has no filter that delays or aborts requests'));
  }

  let backendRefs: BackendRef[] | undefined;
  if (o.redirect === undefined) {
    if (o.destinations !== undefined) {
      backendRefs = weightedBackends(o.destinations, ctx.resolve, problems);
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

/**
 * `rewrite.uri` replaces the matched prefix, or the whole path of an exact match: a
 * ReplacePrefixMatch for a route with exactly one prefix match, a ReplaceFullPath for a route
 * whose matches are all exact paths. Anything else has no Gateway API form.
 */
function rewritePath(uri: string, matches: HttpMatch[], problems: string[]): HttpRouteSpecRulesFiltersUrlRewritePath | undefined {
  if (matches.length > 0 && matches.every(m => m.uri?.kind === 'exact')) {
    return { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_FULL_PATH, replaceFullPath: uri };
  }
  if (matches.length === 1 && matches[0].uri?.kind === 'prefix') {
    return { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: uri };
  }
  problems.push(unsupported('a URI rewrite of this route', 'rewrite.uri',
    'an HTTPRoute replaces either the prefix of a rule with exactly one path-prefix match, or the full path; give the route one prefix match, or only exact paths'));
  return undefined;
}
