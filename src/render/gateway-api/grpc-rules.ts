/**
 * An HTTP route of this library (`HttpRouteOptions`) as a GRPCRoute rule, for the gRPC ports of a
 * service. A GRPCRoute matches a gRPC service and method (the request path `/<service>/<method>`)
 * and headers, and has header filters and mirrors; everything else a route can say is reported as
 * a problem that names the port.
 */
import { weightedBackends } from './backends';
import { convertHeaderOps } from './header-filters';
import { valueMatches } from './http-matches';
import { BackendResolver } from './http-rules';
import { WeightedRef } from './mesh-routes';
import { toMirrorShare, unsupported } from './values';
import { HttpMatch, HttpRouteOptions } from '../../http-route';
import {
  GrpcRouteSpecRules, GrpcRouteSpecRulesFilters, GrpcRouteSpecRulesFiltersType, GrpcRouteSpecRulesMatches, GrpcRouteSpecRulesMatchesHeadersType,
  GrpcRouteSpecRulesMatchesMethod, HttpRouteSpecRulesMatches, HttpRouteSpecRulesMatchesHeadersType, HttpRouteSpecRulesMatchesPathType,
} from '../../imports/gateway.networking.k8s.io';
import { StringMatch } from '../../string-match';

/** How a GRPCRoute orders its rules (Istio matches them as the paths `/<service>/<method>` and `/<service>/`), as messages say it. */
export const GRPC_ORDER = 'a service and method, then the longest service, then the most header matches';

/** A gRPC service name as the GRPCRoute CRD's rule for Exact matches takes it. */
const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
/** A gRPC method name as the GRPCRoute CRD's rule takes it. */
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;
const MAX_NAME = 1024;
const MAX_MATCHES = 64;
const MAX_BACKENDS = 16;
const PATH_FORMS = "give 'uri' StringMatch.exact('/<package.Service>/<Method>') or StringMatch.prefix('/<package.Service>/')";

/** What converting a route for one gRPC port needs. */
export interface GrpcRuleContext {
  /** How messages name the route: `routes[0] 'jason'`. */
  readonly label: string;
  readonly resolve: BackendResolver;
  /** The service's default backends, for a route that gives no destinations. */
  readonly defaultBackends?: WeightedRef[];
  /** The gRPC port of the service whose GRPCRoute this is. */
  readonly port: number;
}

/** A rendered rule (undefined when no match of the route applies to the port), its matches as Istio's paths, and the problems. */
export interface ConvertedGrpcRule {
  readonly rule?: GrpcRouteSpecRules;
  /** The matches as the HTTPRoute matches Istio turns them into (for the precedence check). */
  readonly asHttp: HttpRouteSpecRulesMatches[];
  readonly problems: string[];
}

/** Converts an HTTP route for the GRPCRoute of a gRPC port. */
export function convertGrpcRoute(ctx: GrpcRuleContext, o: HttpRouteOptions): ConvertedGrpcRule {
  const problems: string[] = [];
  // the rest of each message: why the GRPCRoute cannot say it, and what to do
  const why = (lacks: string) => `port ${ctx.port} is gRPC, and its GRPCRoute ${lacks}; `
    + "give the route 'matches' with the 'port' of an HTTP port, or keep the mesh on RoutingApi.ISTIO";
  const given = (o.matches ?? []).map((m, i) => ({ m, i }));
  const applicable = given.filter(x => x.m.port === undefined || x.m.port === ctx.port);
  if (given.length > 0 && applicable.length === 0) {
    return { problems: [], asHttp: [] };
  }
  const matches: GrpcRouteSpecRulesMatches[] = [];
  const asHttp: HttpRouteSpecRulesMatches[] = [];
  for (const { m, i } of applicable) {
    const converted = convertGrpcMatch(`matches[${i}]`, m, why);
    problems.push(...converted.problems);
    matches.push(converted.match);
    asHttp.push(converted.asHttp);
  }
  if (matches.length > MAX_MATCHES) {
    problems.push(`'matches' has ${matches.length} entries: a GRPCRoute rule has at most ${MAX_MATCHES}`);
  }

  const filters: GrpcRouteSpecRulesFilters[] = [];
  const request = convertHeaderOps('headers.request', o.headers?.request, true);
  const response = convertHeaderOps('headers.response', o.headers?.response, false);
  problems.push(...request.problems, ...response.problems);
  if (request.filter) {
    filters.push({ type: GrpcRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER, requestHeaderModifier: request.filter });
  }
  if (response.filter) {
    filters.push({ type: GrpcRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: response.filter });
  }
  if (o.mirror) {
    const { ref, problems: refProblems } = ctx.resolve(o.mirror.destination, 'mirror.destination');
    problems.push(...refProblems);
    if (ref) {
      const requestMirror = { backendRef: ref, ...toMirrorShare(o.mirror.percentage ?? 100) };
      filters.push({ type: GrpcRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror });
    }
  }
  const lacking: Array<[keyof HttpRouteOptions, string, string]> = [
    ['timeout', 'a request timeout', 'has no timeouts'],
    ['retries', 'retries', 'has no retries'],
    ['fault', 'fault injection', 'has no filter that delays or aborts requests'],
    ['rewrite', 'a rewrite', 'has no rewrite filter'],
    ['redirect', 'a redirect', 'has no redirect filter'],
    ['corsPolicy', 'a CORS policy', 'has no CORS filter'],
  ];
  for (const [prop, feature, lacks] of lacking) {
    if (o[prop] !== undefined) {
      problems.push(unsupported(feature, prop, why(lacks)));
    }
  }

  let backendRefs: WeightedRef[] | undefined;
  if (o.destinations !== undefined) {
    backendRefs = weightedBackends(o.destinations, ctx.resolve, problems);
  } else {
    backendRefs = ctx.defaultBackends;
  }
  if (backendRefs !== undefined && backendRefs.length > MAX_BACKENDS) {
    problems.push(`'destinations' has ${backendRefs.length} entries: a GRPCRoute rule has at most ${MAX_BACKENDS} backends`);
  }
  const catchAll = matches.length === 0 || matches.some(m => m.method === undefined && m.headers === undefined);
  return {
    problems: problems.map(p => `${ctx.label}: ${p}`),
    asHttp: asHttp.length > 0 ? asHttp : [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
    rule: {
      name: o.name,
      // a rule without matches takes every request; a match without conditions would be the same
      matches: catchAll ? undefined : matches,
      filters: filters.length > 0 ? filters : undefined,
      backendRefs,
    },
  };
}

/** One match as a GRPCRoute match: the path as a service and method, headers as they are. */
function convertGrpcMatch(
  prefix: string, m: HttpMatch, why: (lacks: string) => string,
): { match: GrpcRouteSpecRulesMatches; asHttp: HttpRouteSpecRulesMatches; problems: string[] } {
  const problems: string[] = [];
  const nonEmpty = (v: object | undefined) => v !== undefined && Object.keys(v).length > 0;
  const unmatched: Array<[boolean, string, string]> = [
    [m.name !== undefined, 'a match name', 'name'],
    [m.ignoreUriCase === true, 'case-insensitive path matching', 'ignoreUriCase'],
    [m.scheme !== undefined, 'a scheme match', 'scheme'],
    [m.method !== undefined, 'an HTTP method match', 'method'],
    [m.authority !== undefined, 'an authority match', 'authority'],
    [nonEmpty(m.withoutHeaders), 'a negative header match', 'withoutHeaders'],
    [nonEmpty(m.queryParams), 'a query parameter match', 'queryParams'],
    [nonEmpty(m.sourceLabels), 'a match on the calling workload', 'sourceLabels'],
    [m.sourceNamespace !== undefined, 'a match on the calling namespace', 'sourceNamespace'],
    [(m.gateways ?? []).length > 0, 'gateway selection per match', 'gateways'],
  ];
  for (const [present, feature, prop] of unmatched) {
    if (present) {
      problems.push(unsupported(feature, `${prefix}.${prop}`, why('matches a gRPC service, method and headers only')));
    }
  }
  // the path: `uri`, or a `:path` header match
  const { [':path']: pathHeader, ...headers } = m.headers ?? {};
  if (m.uri !== undefined && pathHeader !== undefined) {
    problems.push(`'${prefix}' matches the path twice, by 'uri' and by header ':path': give one of them`);
  }
  const path = m.uri ?? pathHeader;
  const pathProp = m.uri !== undefined ? `${prefix}.uri` : `${prefix}.headers[':path']`;
  const method = path === undefined ? undefined : grpcMethod(pathProp, path, why, problems);
  const headerMatches = valueMatches(`${prefix}.headers`, headers, true, problems, 'GRPCRoute').map(v => ({
    name: v.name,
    type: v.regex ? GrpcRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION : GrpcRouteSpecRulesMatchesHeadersType.EXACT,
    value: v.value,
  }));
  const asPath = method === undefined ? '/' : method.method === undefined ? `/${method.service}/` : `/${method.service}/${method.method}`;
  return {
    problems,
    match: { method, headers: headerMatches.length > 0 ? headerMatches : undefined },
    asHttp: {
      path: {
        type: method?.method !== undefined ? HttpRouteSpecRulesMatchesPathType.EXACT : HttpRouteSpecRulesMatchesPathType.PATH_PREFIX,
        value: asPath,
      },
      headers: headerMatches.length > 0 ? headerMatches.map(h => ({ name: h.name, value: h.value, type: HttpRouteSpecRulesMatchesHeadersType[h.type === GrpcRouteSpecRulesMatchesHeadersType.EXACT ? 'EXACT' : 'REGULAR_EXPRESSION'] })) : undefined,
    },
  };
}

/**
 * A path condition as a GRPCRoute method match: `/<service>/<method>` exactly (a service and
 * method), `/<service>/` as a prefix (every method of the service), `/` as a prefix (every request).
 */
function grpcMethod(
  prop: string, path: StringMatch, why: (lacks: string) => string, problems: string[],
): GrpcRouteSpecRulesMatchesMethod | undefined {
  const parts = path.kind === 'exact' || path.kind === 'prefix' ? path.value.split('/') : [];
  if (path.kind === 'prefix' && path.value === '/') {
    return undefined;
  }
  const service = parts[1] ?? '';
  const method = parts[2] ?? '';
  const shape = parts.length === 3 && parts[0] === '' && (path.kind === 'exact' ? method !== '' : method === '');
  if (!shape || service === '') {
    const given = path.kind === 'exact' || path.kind === 'prefix' ? `${path.kind} '${path.value}'` : `a ${path.kind} match`;
    problems.push(unsupported(`the path condition ${given}`, prop, why(`matches a gRPC service and method; ${PATH_FORMS}`)));
    return undefined;
  }
  if (service.length > MAX_NAME || !GRPC_SERVICE.test(service)) {
    problems.push(`'${prop}' names the gRPC service '${service}', which must be dot-separated words of letters, digits and '_' (not starting with a digit), `
      + `at most ${MAX_NAME} characters, in a GRPCRoute`);
    return undefined;
  }
  if (method !== '' && (method.length > MAX_NAME || !GRPC_METHOD.test(method))) {
    problems.push(`'${prop}' names the gRPC method '${method}', which must be letters, digits and '_' (not starting with a digit), at most ${MAX_NAME} characters, in a GRPCRoute`);
    return undefined;
  }
  return method === '' ? { service } : { service, method };
}
