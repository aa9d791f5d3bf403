import type { IGRPCRouteSpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GRPCRouteSpec' with { 'resolution-mode': 'import' };
import { Chart, Duration, Testing } from 'cdk8s';
import { Canary, CanaryTesters, DefaultRouting, HttpRouteOptions, Mesh, MeshServiceOptions, Protocol, RoutingApi, StringMatch } from '../src';
import { findAll, findObject, synthProblems, synthValid } from './util/validate';
import { GrpcRouteSpec } from '../src/imports/gateway.networking.k8s.io';

/* the GRPCRoute spec of the bindings is the Gateway API's (checked by tsc) */
type NoExtraKeys<Mine, Theirs> = Mine extends Array<infer M> ? (Theirs extends Array<infer T> ? Array<NoExtraKeys<M, T>> : never)
  : Mine extends object ? { [K in keyof Mine]: K extends keyof Theirs ? NoExtraKeys<Mine[K], NonNullable<Theirs[K]>> : never }
    : Mine extends string ? string : Mine extends number ? number : Mine;
export const conforms = (x: GrpcRouteSpec): IGRPCRouteSpec & NoExtraKeys<GrpcRouteSpec, IGRPCRouteSpec> => x;

const VERSIONS = [{ name: 'v1', image: 'istio/fortio:1' }, { name: 'v2', image: 'istio/fortio:2' }];
const backend = (name: string, port: number, weight = 1) => ({ group: '', kind: 'Service', name, port, weight });
const grpcRoutes = (objects: any[]) => findAll(objects, 'gateway.networking.k8s.io/GRPCRoute');
const grpcRoute = (objects: any[], name: string) => findObject(objects, 'gateway.networking.k8s.io/GRPCRoute', name);
const FIX = "give the route 'matches' with the 'port' of an HTTP port, or keep the mesh on RoutingApi.ISTIO";

/** Istio's grpc-echo: HTTP 8080 and GRPC 9090, versions v1 and v2, in a mesh with Gateway API routing. */
function grpcEcho(options: MeshServiceOptions = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
  const echo = mesh.addService('echo', {
    ports: [{ port: 8080 }, { port: 9090, protocol: Protocol.GRPC }],
    versions: VERSIONS,
    ...options,
  });
  return { chart, mesh, echo };
}

/** grpc-echo's GRPC port alone (its GRPCRoute is `echo`), with the routes. */
function grpcOnly(...routes: HttpRouteOptions[]) {
  const { chart, echo } = grpcEcho({ ports: [{ port: 9090, protocol: Protocol.GRPC }] });
  routes.forEach(r => echo.addRoute(r));
  return chart;
}

/** The rules of the GRPCRoute of grpc-echo's GRPC port alone with one route. */
async function grpcRules(route: HttpRouteOptions): Promise<any[]> {
  return grpcRoute(await synthValid(grpcOnly(route)), 'echo').spec.rules;
}

/** The problems synthesis reports for grpc-echo's GRPC port alone with the routes. */
async function problemsOf(...routes: HttpRouteOptions[]): Promise<string[]> {
  return synthProblems(grpcOnly(...routes));
}

describe('the GRPC ports of a service in Gateway API mode', () => {
  test('get a GRPCRoute attached to the Service port, beside the HTTPRoute of the HTTP port (same names as before)', async () => {
    // GIVEN
    const { chart } = grpcEcho();
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'gateway.networking.k8s.io/HTTPRoute').map(r => r.metadata.name)).toEqual(['echo-8080']);
    expect(grpcRoutes(objects)).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'echo-9090', namespace: 'default' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'echo', port: 9090 }],
        rules: [{ backendRefs: [backend('echo-v1', 9090)] }],
      },
    }]);
  });

  test('a service with one GRPC port gets a GRPCRoute named after the service (or httpRouteName), attached to the whole Service', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
    mesh.addService('greeter', { ports: [{ port: 50051, protocol: Protocol.GRPC }], versions: VERSIONS });
    mesh.addService('named', { ports: [{ port: 50051, protocol: Protocol.GRPC }], versions: VERSIONS, httpRouteName: 'named-grpc' });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(grpcRoutes(objects).map(r => [r.metadata.name, r.spec.parentRefs])).toEqual([
      ['greeter', [{ group: '', kind: 'Service', name: 'greeter' }]],
      ['named-grpc', [{ group: '', kind: 'Service', name: 'named' }]],
    ]);
    expect(findAll(objects, 'gateway.networking.k8s.io/HTTPRoute')).toEqual([]);
  });

  test('gRPC-Web and HTTP2 ports keep HTTPRoutes', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
    mesh.addService('web', { ports: [{ port: 8080, protocol: Protocol.GRPC_WEB }, { port: 8081, protocol: Protocol.HTTP2 }], versions: VERSIONS });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'gateway.networking.k8s.io/HTTPRoute').map(r => r.metadata.name)).toEqual(['web-8080', 'web-8081']);
    expect(grpcRoutes(objects)).toEqual([]);
  });

  describe('follow the default routing', () => {
    test.each([
      ['DefaultRouting.allVersions(): the Service itself', DefaultRouting.allVersions(), [backend('echo', 9090)]],
      ['DefaultRouting.version(v2)', DefaultRouting.version('v2'), [backend('echo-v2', 9090)]],
      ['a weighted split', DefaultRouting.weighted([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }]), [backend('echo-v1', 9090, 80), backend('echo-v2', 9090, 20)]],
    ])('%s', async (_, defaultRouting, backendRefs) => {
      // GIVEN
      const { chart } = grpcEcho({ defaultRouting });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(grpcRoute(objects, 'echo-9090').spec.rules).toEqual([{ backendRefs }]);
    });

    test('DefaultRouting.none(): no GRPCRoute', async () => {
      // GIVEN
      const { chart } = grpcEcho({ defaultRouting: DefaultRouting.none() });
      // WHEN / THEN
      expect(grpcRoutes(await synthValid(chart))).toEqual([]);
    });

    test('a canary splits the GRPC port by its weights, mirrors to the canary, and pins its testers', async () => {
      // GIVEN
      const { chart, echo } = grpcEcho();
      new Canary(chart, 'canary', {
        service: echo,
        stableVersion: 'v1',
        canaryVersion: 'v2',
        weight: 25,
        mirrorPercentage: 10,
        testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
      });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(grpcRoute(objects, 'echo-9090').spec.rules).toEqual([
        { name: 'v2-testers', matches: [{ headers: [{ name: 'end-user', type: 'Exact', value: 'jason' }] }], backendRefs: [backend('echo-v2', 9090)] },
        {
          backendRefs: [backend('echo-v1', 9090, 75), backend('echo-v2', 9090, 25)],
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'echo-v2', port: 9090 }, percent: 10 } }],
        },
      ]);
    });
  });

  describe('routes that apply to the GRPC port become GRPCRoute rules', () => {
    test('an exact path /<service>/<method> is a method match, a prefix /<service>/ a service match; headers stay', async () => {
      // WHEN
      const rules = await grpcRules({
        matches: [
          { uri: StringMatch.exact('/grpc.examples.echo.Echo/UnaryEcho'), headers: { 'x-user': StringMatch.prefix('qa.'), 'x-id': StringMatch.regex('[0-9]+') } },
          { uri: StringMatch.prefix('/grpc.health.v1.Health/') },
          { headers: { ':path': StringMatch.exact('/pkg.Svc/Get') } },
        ],
        destinations: [{ version: 'v2' }],
        headers: { request: { set: { 'x-routed': 'v2' } } },
      });
      // THEN
      expect(rules[0]).toEqual({
        matches: [
          {
            method: { service: 'grpc.examples.echo.Echo', method: 'UnaryEcho' },
            headers: [{ name: 'x-user', type: 'RegularExpression', value: 'qa\\..*' }, { name: 'x-id', type: 'RegularExpression', value: '[0-9]+' }],
          },
          { method: { service: 'grpc.health.v1.Health' } },
          { method: { service: 'pkg.Svc', method: 'Get' } },
        ],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-routed', value: 'v2' }] } }],
        backendRefs: [backend('echo-v2', 9090)],
      });
      expect(rules[1]).toEqual({ backendRefs: [backend('echo-v1', 9090)] });
    });

    test('a route matching the HTTP port only stays out of the GRPCRoute; its HTTP-only settings then pass', async () => {
      // GIVEN
      const { chart, echo } = grpcEcho();
      echo.addRoute({ matches: [{ port: 8080, uri: StringMatch.prefix('/debug') }], timeout: Duration.seconds(2), destinations: [{ version: 'v2' }] });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(grpcRoute(objects, 'echo-9090').spec.rules).toEqual([{ backendRefs: [backend('echo-v1', 9090)] }]);
      expect(findObject(objects, 'gateway.networking.k8s.io/HTTPRoute', 'echo-8080').spec.rules[0].timeouts).toEqual({ request: '2s' });
    });

    test('a route that applies to the GRPC port with a timeout, a rewrite or an HTTP method fails, naming the port', async () => {
      // WHEN / THEN
      expect(await problemsOf(
        { matches: [{ uri: StringMatch.prefix('/pkg.Svc/') }], timeout: Duration.seconds(2) },
        { matches: [{ uri: StringMatch.prefix('/pkg.Other/'), method: StringMatch.exact('POST') }], rewrite: { uri: '/x' } },
      )).toEqual([
        `[test/mesh/echo] routes[0]: a request timeout ('timeout') cannot be expressed with the Gateway API: port 9090 is gRPC, and its GRPCRoute has no timeouts; ${FIX}`,
        "[test/mesh/echo] routes[1]: an HTTP method match ('matches[0].method') cannot be expressed with the Gateway API: port 9090 is gRPC, "
        + `and its GRPCRoute matches a gRPC service, method and headers only; ${FIX}`,
        `[test/mesh/echo] routes[1]: a rewrite ('rewrite') cannot be expressed with the Gateway API: port 9090 is gRPC, and its GRPCRoute has no rewrite filter; ${FIX}`,
      ]);
    });

    test('a path that is no /<service>/<method> or /<service>/ fails; the prefix / passes', async () => {
      // WHEN / THEN
      expect(await problemsOf(
        { matches: [{ uri: StringMatch.prefix('/pkg.Svc') }], destinations: [{ version: 'v2' }] },
        { matches: [{ uri: StringMatch.exact('/pkg.Svc/Get/x') }], destinations: [{ version: 'v2' }] },
        { matches: [{ uri: StringMatch.regex('/pkg\\..*') }], destinations: [{ version: 'v2' }] },
      )).toEqual([
        "[test/mesh/echo] routes[0]: the path condition prefix '/pkg.Svc' ('matches[0].uri') cannot be expressed with the Gateway API: port 9090 is gRPC, "
        + `and its GRPCRoute matches a gRPC service and method; give 'uri' StringMatch.exact('/<package.Service>/<Method>') or StringMatch.prefix('/<package.Service>/'); ${FIX}`,
        "[test/mesh/echo] routes[1]: the path condition exact '/pkg.Svc/Get/x' ('matches[0].uri') cannot be expressed with the Gateway API: port 9090 is gRPC, "
        + `and its GRPCRoute matches a gRPC service and method; give 'uri' StringMatch.exact('/<package.Service>/<Method>') or StringMatch.prefix('/<package.Service>/'); ${FIX}`,
        "[test/mesh/echo] routes[2]: the path condition a regex match ('matches[0].uri') cannot be expressed with the Gateway API: port 9090 is gRPC, "
        + `and its GRPCRoute matches a gRPC service and method; give 'uri' StringMatch.exact('/<package.Service>/<Method>') or StringMatch.prefix('/<package.Service>/'); ${FIX}`,
      ]);
      expect(await grpcRules({ matches: [{ uri: StringMatch.prefix('/'), headers: { 'x-a': StringMatch.exact('1') } }], destinations: [{ version: 'v2' }] }))
        .toEqual([
          { matches: [{ headers: [{ name: 'x-a', type: 'Exact', value: '1' }] }], backendRefs: [backend('echo-v2', 9090)] },
          { backendRefs: [backend('echo-v1', 9090)] },
        ]);
    });

    test('service and method names must be what the GRPCRoute CRD accepts: _svc.v1/_M9 passes, 1svc/M and svc/M-x fail', async () => {
      // WHEN / THEN
      expect(await grpcRules({ matches: [{ uri: StringMatch.exact('/_svc.v1/_M9') }], destinations: [{ version: 'v2' }] }))
        .toEqual([{ matches: [{ method: { service: '_svc.v1', method: '_M9' } }], backendRefs: [backend('echo-v2', 9090)] }, { backendRefs: [backend('echo-v1', 9090)] }]);
      expect(await problemsOf(
        { matches: [{ uri: StringMatch.exact('/1svc/M') }], destinations: [{ version: 'v2' }] },
        { matches: [{ uri: StringMatch.exact('/svc/M-x') }], destinations: [{ version: 'v2' }] },
      )).toEqual([
        "[test/mesh/echo] routes[0]: 'matches[0].uri' names the gRPC service '1svc', which must be dot-separated words of letters, digits and '_' (not starting with a digit), at most 1024 characters, in a GRPCRoute",
        "[test/mesh/echo] routes[1]: 'matches[0].uri' names the gRPC method 'M-x', which must be letters, digits and '_' (not starting with a digit), at most 1024 characters, in a GRPCRoute",
      ]);
    });

    test('a service match before a method match of that service fails (the GRPCRoute would try the method first); the other order passes', async () => {
      // GIVEN
      const service = { matches: [{ uri: StringMatch.prefix('/pkg.Svc/') }], destinations: [{ version: 'v1' }] };
      const method = { matches: [{ uri: StringMatch.exact('/pkg.Svc/Get') }], destinations: [{ version: 'v2' }] };
      // WHEN / THEN
      expect(await problemsOf(service, method)).toEqual([
        '[test/mesh/echo] routes[1] would be tried before routes[0], which comes first: the Gateway API orders rules by how specific their matches are '
        + '(a service and method, then the longest service, then the most header matches), not by position, and some requests match both; '
        + 'put routes[1] first, or make the two routes match different requests',
      ]);
      expect((await grpcRules(method)).length).toBe(2);
      expect(grpcRoute(await synthValid(grpcOnly(method, service)), 'echo').spec.rules.map((r: any) => r.matches)).toEqual([
        [{ method: { service: 'pkg.Svc', method: 'Get' } }], [{ method: { service: 'pkg.Svc' } }], undefined,
      ]);
    });

    test('a GRPC route to a service of another namespace gets a ReferenceGrant from GRPCRoute', async () => {
      // GIVEN
      const { chart, mesh, echo } = grpcEcho();
      const backendSvc = mesh.addService('store', { namespace: 'data', ports: [{ port: 9090, protocol: Protocol.GRPC }], versions: VERSIONS });
      echo.addRoute({ matches: [{ port: 9090, uri: StringMatch.prefix('/pkg.Store/') }], destinations: [{ host: backendSvc }] });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(grpcRoute(objects, 'echo-9090').spec.rules[0].backendRefs).toEqual([{ ...backend('store', 9090), namespace: 'data' }]);
      expect(findObject(objects, 'gateway.networking.k8s.io/ReferenceGrant', 'echo.default', 'data').spec).toEqual({
        from: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'default' }],
        to: [{ group: '', kind: 'Service', name: 'store' }],
      });
    });
  });
});
