/**
 * A MeshService's routing in Gateway API mode (GAMMA): one HTTPRoute per HTTP port of the
 * service (backendRefs name a port, so the port requests arrive on must be known), attached to the
 * Service itself, with the service's routes, its canary's tester route and its default route as
 * rules, sending to the per-version Services.
 */
import { resolveBackend, versionServiceName } from './backends';
import { CATCH_ALL } from './http-matches';
import { convertHttpRoute } from './http-rules';
import { LabelledRule, precedenceProblems, routeLimitProblems } from './precedence';
import { toMirrorShare, unsupported } from './values';
import { DefaultRoutingKind } from '../../default-routing';
import { HttpMatch, HttpRouteOptions } from '../../http-route';
import {
  HttpRouteSpec, HttpRouteSpecParentRefs as ParentReference, HttpRouteSpecRulesBackendRefs as BackendRef,
  HttpRouteSpecRulesFilters as HttpRouteFilter, HttpRouteSpecRulesFiltersRequestMirrorBackendRef as BackendObjectReference,
  HttpRouteSpecRulesFiltersType,
} from '../../imports/gateway.networking.k8s.io';
import { Stored } from '../../model/route-table';
import { defaultDestinations, ServiceModel } from '../../model/service';
import { isHttpCatchAll } from '../../private/match-form';
import { routeKindOf, RouteKind } from '../../private/protocol';
import { listOf } from '../../private/validation';
import { Protocol } from '../../protocol';
import { RouteDestination } from '../../route-destination';

/**
 * The name of the HTTPRoute of an HTTP port: the service's HTTPRoute name (by default the service
 * name), or `<name>-<port>` when it has several HTTP ports.
 */
export function meshRouteName(name: string, port: number, httpPorts: number[]): string {
  return httpPorts.length > 1 ? `${name}-${port}` : name;
}

/**
 * The parent of the service's HTTPRoute for one port: the Service (GAMMA), with the port when the
 * Service has several (the route then applies to that port only).
 */
export function meshParentRefs(service: ServiceModel, port: number): ParentReference[] {
  return [{ group: '', kind: 'Service', name: service.name, port: service.ports.length > 1 ? port : undefined }];
}

/** A weighted Service reference (the shape HTTPRoute and GRPCRoute backendRefs share). */
export type WeightedRef = BackendObjectReference & { weight: number };

/**
 * The default route of one port of a service: the canary's split (and its mirror), else the
 * default routing (a version's Service, several by weight, or the service's own Service for all
 * versions); no backends without a default route.
 */
export function meshDefaultRoute(service: ServiceModel, port: number): {
  backends?: WeightedRef[];
  mirror?: { backendRef: BackendObjectReference; percent?: number; fraction?: { numerator: number; denominator: number } };
} {
  const own = (version: string, weight: number): WeightedRef => ({
    group: '', kind: 'Service', name: versionServiceName(service.name, version), port, weight,
  });
  const canary = service.canary;
  if (canary) {
    const mirror = canary.mirrorPercentage;
    return {
      backends: [own(canary.stableVersion, 100 - canary.weight), own(canary.canaryVersion, canary.weight)],
      mirror: mirror === undefined ? undefined : {
        backendRef: { group: '', kind: 'Service', name: versionServiceName(service.name, canary.canaryVersion), port }, ...toMirrorShare(mirror),
      },
    };
  }
  const declared = service.versions.map(v => v.name);
  const destinations = defaultDestinations(service);
  if (destinations !== undefined && destinations.every(d => d.version === undefined || declared.includes(d.version))) {
    return {
      backends: destinations.map(d => d.version === undefined
        ? { group: '', kind: 'Service', name: service.name, port, weight: 1 }
        : own(d.version, d.weight ?? 1)),
    };
  }
  return {};
}

/**
 * The routes the HTTPRoute or GRPCRoute of one port carries ahead of the default route: the
 * service's own, then its canary's tester route; and whether the last of the service's routes
 * takes every request there, replacing the default route.
 */
export function meshRouteSources(service: ServiceModel, port: number): { routes: Array<Stored<HttpRouteOptions>>; defaultReplaced: boolean } {
  const own = service.routes.httpEntries;
  const canary = service.canary;
  const testers: HttpMatch[] | undefined = canary?.testerMatches;
  const pinned = canary && testers
    ? [{ label: `the tester route of ${canary.path}`, options: { name: canary.pinRouteName, matches: testers, destinations: [{ version: canary.canaryVersion }] } }]
    : [];
  const last = own[own.length - 1];
  // the route of one port: a match on that port restricts nothing here
  const scope = { namespace: service.namespace, gateways: [], ports: [port] };
  return { routes: [...own, ...pinned], defaultReplaced: !canary && last !== undefined && isHttpCatchAll(last.options.matches, scope) };
}

/** The HTTPRoute spec of one HTTP port, and what keeps it from meaning what the VirtualService means. */
export function renderMeshRoute(service: ServiceModel, port: number): { spec: HttpRouteSpec; problems: string[] } {
  const problems: string[] = [];
  const resolve = (d: RouteDestination, prop: string) => resolveBackend({ namespace: service.namespace, owner: service.host, port }, d, prop);
  const defaults = meshDefaultRoute(service, port);
  const defaultBackends: BackendRef[] | undefined = defaults.backends;
  const defaultFilters: HttpRouteFilter[] | undefined = defaults.mirror
    ? [{ type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror: defaults.mirror }] : undefined;

  const rules: LabelledRule[] = [];
  const add = (label: string, options: HttpRouteOptions) => {
    const converted = convertHttpRoute({ label, port, defaultBackends, resolve }, options);
    problems.push(...converted.problems);
    if (converted.rule) {
      rules.push({ label, rule: converted.rule });
    }
  };
  const sources = meshRouteSources(service, port);
  for (const route of sources.routes) {
    add(route.label, route.options);
  }
  if (defaultBackends && !sources.defaultReplaced) {
    rules.push({ label: 'the default route', rule: { matches: [CATCH_ALL], backendRefs: defaultBackends, filters: defaultFilters } });
  }

  const httpPorts = service.ports.filter(p => isHttp(p.protocol)).map(p => p.port);
  const name = meshRouteName(service.objectNames.httpRoute, port, httpPorts);
  problems.push(...precedenceProblems(rules).map(p => httpPorts.length > 1 ? `HTTPRoute '${name}': ${p}` : p));
  problems.push(...routeLimitProblems(name, rules.map(x => x.rule)));
  return {
    problems,
    spec: { parentRefs: meshParentRefs(service, port), rules: rules.map(x => x.rule) },
  };
}

/** What of a service's routing outside its HTTP and TCP routes the Gateway API cannot express. */
export function meshServiceProblems(service: ServiceModel): string[] {
  const exportTo = service.exportTo;
  const tlsRoutes = service.routes.tlsEntries.length;
  const problems: string[] = [];
  if (exportTo !== undefined && !(exportTo.length === 1 && exportTo[0] === '*')) {
    problems.push(unsupported('routing visible to some namespaces only', 'exportTo', "an HTTPRoute attached to a Service applies to callers in every namespace (the DestinationRule keeps 'exportTo')"));
  }
  for (let i = 0; i < tlsRoutes; i++) {
    problems.push(`tlsRoutes[${i}]: ${unsupported('mesh TLS routing', 'addTlsRoute', 'Gateway API v1 attaches no TLS route to a Service')}`);
  }
  const versions = service.versions.map(v => v.name);
  // TCP ports: tcp-routes.ts
  const opaque = service.ports.filter(p => routeKindOf(p.protocol ?? Protocol.HTTP) === RouteKind.TLS);
  const routing = service.defaultRouting;
  if (versions.length > 1 && routing?.kind === DefaultRoutingKind.VERSION) {
    for (const p of opaque) {
      problems.push(unsupported(`routing port ${p.port} (${p.protocol}) to the default version '${service.defaultVersion}'`, 'ports',
        `the service has ${versions.length} versions (${listOf(versions)}), and without a v1 route for TLS traffic to a Service its connections would reach every version; declare one version, or keep the mesh on RoutingApi.ISTIO`));
    }
  }
  if (routing?.kind === DefaultRoutingKind.WEIGHTED) {
    for (const p of opaque) {
      problems.push(unsupported(`splitting port ${p.port} (${p.protocol}) by weight`, 'defaultRouting',
        'without a v1 route for TCP or TLS traffic to a Service its connections would reach every version; use DefaultRouting.allVersions(), or keep the mesh on RoutingApi.ISTIO'));
    }
  }
  for (const v of versions) {
    const name = versionServiceName(service.name, v);
    if (name.length > 63) {
      problems.push(`the Service of version '${v}', '${name}', is longer than 63 characters: shorten the service or version name`);
    }
  }
  return problems;
}

function isHttp(protocol: Protocol | undefined): boolean {
  return routeKindOf(protocol ?? Protocol.HTTP) === RouteKind.HTTP;
}
