/**
 * gRPC ports in Gateway API mode: a GRPCRoute per GRPC port of a MeshService (GAMMA: the parent is
 * its Service, with the port when it has several), with the service's HTTP routes that apply to
 * the port as rules (grpc-rules.ts), its canary's tester route, and its default route: the same
 * default routing and canary split an HTTP port's HTTPRoute gets (mesh-routes.ts).
 */
import { resolveBackend } from './backends';
import { convertGrpcRoute, GRPC_ORDER } from './grpc-rules';
import { meshDefaultRoute, meshRouteSources, meshParentRefs, meshRouteName } from './mesh-routes';
import { LabelledRule, precedenceProblems, routeLimitProblems } from './precedence';
import { HttpRouteOptions } from '../../http-route';
import { GrpcRouteSpec, GrpcRouteSpecRules, GrpcRouteSpecRulesFiltersType } from '../../imports/gateway.networking.k8s.io';
import { ServiceModel } from '../../model/service';
import { routeKindOf, RouteKind } from '../../private/protocol';
import { Protocol } from '../../protocol';
import { RouteDestination } from '../../route-destination';

/** The ports whose routes are GRPCRoutes: those of protocol GRPC (gRPC-Web and HTTP2 ports keep HTTPRoutes). */
export function grpcPorts(service: ServiceModel): number[] {
  return service.ports.filter(p => p.protocol === Protocol.GRPC).map(p => p.port);
}

/**
 * The ports with an HTTPRoute or a GRPCRoute (HTTP, HTTP2, gRPC-Web, gRPC): a route is named
 * `<name>-<port>` when there are several, whichever its kind.
 */
export function routeNamePorts(service: ServiceModel): number[] {
  return service.ports.filter(p => routeKindOf(p.protocol ?? Protocol.HTTP) === RouteKind.HTTP).map(p => p.port);
}

/** The GRPCRoute spec of one gRPC port, and what keeps it from meaning what the VirtualService means. */
export function renderMeshGrpcRoute(service: ServiceModel, port: number): { spec: GrpcRouteSpec; problems: string[] } {
  const problems: string[] = [];
  const resolve = (d: RouteDestination, prop: string) => resolveBackend({ namespace: service.namespace, owner: service.host, port }, d, prop);
  const defaults = meshDefaultRoute(service, port);

  const rules: Array<LabelledRule & { grpc: GrpcRouteSpecRules }> = [];
  const add = (label: string, options: HttpRouteOptions) => {
    const converted = convertGrpcRoute({ label, port, defaultBackends: defaults.backends, resolve }, options);
    problems.push(...converted.problems);
    if (converted.rule) {
      rules.push({ label, rule: { matches: converted.asHttp }, grpc: converted.rule });
    }
  };
  const sources = meshRouteSources(service, port);
  for (const route of sources.routes) {
    add(route.label, route.options);
  }
  if (defaults.backends && !sources.defaultReplaced) {
    rules.push({
      label: 'the default route',
      rule: {},
      grpc: {
        backendRefs: defaults.backends,
        filters: defaults.mirror ? [{ type: GrpcRouteSpecRulesFiltersType.REQUEST_MIRROR, requestMirror: defaults.mirror }] : undefined,
      },
    });
  }

  const named = routeNamePorts(service);
  const name = meshRouteName(service.objectNames.httpRoute, port, named);
  problems.push(...precedenceProblems(rules, GRPC_ORDER).map(p => named.length > 1 ? `GRPCRoute '${name}': ${p}` : p));
  problems.push(...routeLimitProblems(name, rules.map(x => x.grpc), 'GRPCRoute'));
  return {
    problems,
    spec: { parentRefs: meshParentRefs(service, port), rules: rules.map(x => x.grpc) },
  };
}
