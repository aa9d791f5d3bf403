import type { IGatewaySpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewaySpec' with { 'resolution-mode': 'import' };
import type { IHTTPRouteSpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteSpec' with { 'resolution-mode': 'import' };
import type { IReferenceGrantSpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/ReferenceGrantSpec' with { 'resolution-mode': 'import' };
import type { ITLSRouteSpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/TLSRouteSpec' with { 'resolution-mode': 'import' };
import { Chart, Duration, Testing } from 'cdk8s';
import {
  Canary,
  CanaryTesters,
  CircuitBreaker,
  DataPlane,
  Gateway,
  GatewayApiChannel,
  GatewayProps,
  GatewayServer,
  GatewayTls,
  GatewayWorkload,
  HttpRouteOptions,
  IstioRelease,
  LoadBalancer,
  Mesh,
  MeshProps,
  MeshService,
  MeshServiceOptions,
  Protocol,
  RetryOn,
  RoutingApi,
  ServiceEntryResolution,
  StringMatch,
  TlsProtocolVersion,
} from '../src';
import { errorOf, findAll, findObject, synthErrors, synthValid } from './util/validate';
import { GatewaySpec, HttpRouteSpec, ReferenceGrantSpec, TlsRouteSpec } from '../src/imports/gateway.networking.k8s.io';

/* ------------------------------------------------------------------ */
/* the typed wire model is the Gateway API's (checked by tsc)          */
/* ------------------------------------------------------------------ */

/**
 * `Mine`, with every field `Theirs` does not have turned into `never`: assigning to it fails on unknown fields.
 * String and number leaves are widened to `string` and `number` (the `Theirs &` side checks their values): the
 * bindings' enums intersected with the model's literal unions would be `never`.
 */
type NoExtraKeys<Mine, Theirs> = Mine extends Array<infer M> ? (Theirs extends Array<infer T> ? Array<NoExtraKeys<M, T>> : never)
  : Mine extends object ? { [K in keyof Mine]: K extends keyof Theirs ? NoExtraKeys<Mine[K], NonNullable<Theirs[K]>> : never }
    : Mine extends string ? string : Mine extends number ? number : Mine;
// each spec type is assignable to the @kubernetes-models/gateway-api model and has no field it lacks
const conforms = [
  (x: HttpRouteSpec): IHTTPRouteSpec & NoExtraKeys<HttpRouteSpec, IHTTPRouteSpec> => x,
  (x: TlsRouteSpec): ITLSRouteSpec & NoExtraKeys<TlsRouteSpec, ITLSRouteSpec> => x,
  (x: GatewaySpec): IGatewaySpec & NoExtraKeys<GatewaySpec, IGatewaySpec> => x,
  (x: ReferenceGrantSpec): IReferenceGrantSpec & NoExtraKeys<ReferenceGrantSpec, IReferenceGrantSpec> => x,
];
interface WithUnknownField { readonly rules: Array<{ readonly retries?: number }> }
// @ts-expect-error the check catches a field the Gateway API does not have
const catchesUnknownFields = (x: WithUnknownField): NoExtraKeys<WithUnknownField, IHTTPRouteSpec> => x;

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API, ...props });
  return { chart, mesh };
}

/** `reviews`: port 9080, versions v1 and v2. */
function reviewsOf(mesh: Mesh, options: MeshServiceOptions = {}): MeshService {
  return mesh.addService('reviews', {
    ports: [{ port: 9080 }],
    versions: [{ name: 'v1', image: 'reviews:1' }, { name: 'v2', image: 'reviews:2' }],
    ...options,
  });
}

/** A mesh in Gateway API mode with `reviews` and the given route. */
function withRoute(route: HttpRouteOptions, props: MeshProps = {}) {
  const { chart, mesh } = setup(props);
  const reviews = reviewsOf(mesh);
  reviews.addRoute(route);
  return { chart, mesh, reviews };
}

/** A Gateway API mode mesh with an ingress gateway `ingress` (HTTP on 80 for `*` unless props say otherwise). */
function ingress(props: Partial<GatewayProps> = {}, meshProps: MeshProps = {}) {
  const { chart, mesh } = setup(meshProps);
  const gateway = new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })], ...props });
  return { chart, mesh, gateway };
}

const httpRoute = (objects: any[], name: string, ns = 'default') => findObject(objects, 'gateway.networking.k8s.io/HTTPRoute', name, ns);
const backend = (name: string, port: number, weight = 1, namespace?: string) => ({ group: '', kind: 'Service', name, namespace, port, weight });
const catchAll = { path: { type: 'PathPrefix', value: '/' } };
const unsupported = (feature: string, prop: string, why: string) => `${feature} ('${prop}') cannot be expressed with the Gateway API: ${why}`;
const inStandardChannel = (feature: string, prop: string, why: string) => `${feature} ('${prop}') cannot be expressed with the Gateway API's standard channel: ${why}`;
const EXPERIMENTAL_FIX = 'give the mesh gatewayApiChannel GatewayApiChannel.EXPERIMENTAL (with the experimental CRDs installed), or keep it on RoutingApi.ISTIO';

/* ------------------------------------------------------------------ */
/* the mesh-level choice                                               */
/* ------------------------------------------------------------------ */

describe('RoutingApi', () => {
  test('the wire model conforms to the Gateway API model', () => {
    expect(conforms).toHaveLength(4);
    expect(catchesUnknownFields).toBeDefined();
  });

  test('a mesh routes with Istio by default and emits no Gateway API object', async () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const mesh = new Mesh(chart, 'mesh');
    const reviews = reviewsOf(mesh);
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(mesh.routingApi).toBe(RoutingApi.ISTIO);
    expect(reviews.virtualService).toBeDefined();
    expect(reviews.gatewayApiObjects).toEqual([]);
    expect(reviews.versionServices).toEqual([]);
    expect(findObject(objects, 'VirtualService', 'reviews', 'default')).toBeDefined();
    expect(objects.filter(o => o.apiVersion.startsWith('gateway.networking.k8s.io/'))).toEqual([]);
    expect(findAll(objects, 'Service').map(s => s.metadata.name)).toEqual(['reviews']);
  });
});

/* ------------------------------------------------------------------ */
/* mesh services (GAMMA)                                               */
/* ------------------------------------------------------------------ */

describe('MeshService in Gateway API mode', () => {
  test('the VirtualService becomes an HTTPRoute attached to the Service, sending to the default version\'s Service', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(mesh.routingApi).toBe(RoutingApi.GATEWAY_API);
    expect(findAll(objects, 'VirtualService')).toEqual([]);
    expect(reviews.virtualService).toBeUndefined();
    expect(httpRoute(objects, 'reviews')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews', namespace: 'default' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
        rules: [{ matches: [catchAll], backendRefs: [backend('reviews-v1', 9080)] }],
      },
    });
    // the DestinationRule stays
    expect(findObject(objects, 'DestinationRule', 'reviews', 'default').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    expect(reviews.gatewayApiObjects.map(o => o.name)).toEqual(['reviews']);
  });

  test('every version gets a Service <service>-<version> selecting app and version, with the service\'s ports', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addService('api', {
      ports: [{ port: 80, targetPort: 8080 }, { port: 9000, name: 'web', protocol: Protocol.GRPC }],
      versions: [{ name: 'v1', image: 'api:1' }, { name: 'v2', deploy: false }],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(api.versionServices.map(s => s.name)).toEqual(['api-v1', 'api-v2']);
    expect(findObject(objects, 'Service', 'api-v2', 'default')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-v2', namespace: 'default', labels: { app: 'api', version: 'v2', service: 'api-v2' } },
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'web', port: 9000, appProtocol: 'grpc' },
        ],
        selector: { app: 'api', version: 'v2' },
      },
    });
    expect(findObject(objects, 'Service', 'api-v1', 'default').spec.ports).toEqual(findObject(objects, 'Service', 'api', 'default').spec.ports);
  });

  test('a version Service name of 63 characters passes, of 64 fails', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = mesh.addService('s'.repeat(60), { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'x' }] });
    svc.addVersion('v12', { image: 'x' });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain(`[test/mesh/${'s'.repeat(60)}] the Service of version 'v12', '${'s'.repeat(60)}-v12', is longer than 63 characters: shorten the service or version name`);
    expect(errors).not.toContain("version 'v1',");
  });

  test('a service with several ports has one HTTPRoute per HTTP port, attached to that port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addService('api', {
      // (a GRPC port gets a GRPCRoute instead: gateway-api-grpc.test.ts)
      ports: [{ port: 80 }, { port: 9090, protocol: Protocol.HTTP2 }, { port: 3306, protocol: Protocol.TCP }],
      versions: [{ name: 'v1', image: 'api:1' }],
    });
    // a port match goes into that port's HTTPRoute only, without the port
    api.addRoute({ matches: [{ port: 9090, uri: StringMatch.prefix('/admin') }], destinations: [{ version: 'v1' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'HTTPRoute').map(r => r.metadata.name)).toEqual(['api-80', 'api-9090']);
    expect(httpRoute(objects, 'api-80').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 80 }],
      rules: [{ matches: [catchAll], backendRefs: [backend('api-v1', 80)] }],
    });
    expect(httpRoute(objects, 'api-9090').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 9090 }],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [backend('api-v1', 9090)] },
        { matches: [catchAll], backendRefs: [backend('api-v1', 9090)] },
      ],
    });
  });

  test('a destination without a port keeps the request\'s port, or takes the only port of its service', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const ratings = mesh.addService('ratings', { ports: [{ port: 8000 }], versions: [{ name: 'v1', image: 'r' }] });
    const api = mesh.addService('api', { ports: [{ port: 80 }, { port: 81 }], versions: [{ name: 'v1', image: 'api:1' }] });
    api.addRoute({ matches: [{ uri: StringMatch.prefix('/ratings') }], destinations: [{ host: ratings }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'api-81').spec.rules[0].backendRefs).toEqual([backend('ratings', 8000)]);
    expect(httpRoute(objects, 'api-81').spec.rules[1].backendRefs).toEqual([backend('api-v1', 81)]);
  });

  test('a destination without a port on a service that lacks the request\'s port fails', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const other = mesh.addService('other', { ports: [{ port: 1 }, { port: 2 }], versions: [{ name: 'v1', image: 'o' }] });
    const api = mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'api:1' }] });
    api.addRoute({ matches: [{ uri: StringMatch.prefix('/o') }], destinations: [{ host: other }] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/api] routes[0]: 'destinations[0]' gives no 'port', so requests keep their port 80, which is not a port of 'other' (ports: 1, 2): give 'port'");
  });

  test('path, method, header and query parameter matches become HTTPRoute matches with their types written out', async () => {
    // GIVEN
    const { chart } = withRoute({
      name: 'api',
      matches: [
        { uri: StringMatch.exact('/api'), method: StringMatch.exact('POST') },
        {
          uri: StringMatch.prefix('/v1/'),
          headers: { 'end-user': StringMatch.exact('jason'), 'x-trace': StringMatch.regex('[0-9]+'), 'x-tier': StringMatch.prefix('gold.') },
          queryParams: { debug: StringMatch.exact('1'), mode: StringMatch.prefix('a') },
        },
      ],
      destinations: [{ version: 'v2' }],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0]).toEqual({
      name: 'api',
      matches: [
        { path: { type: 'Exact', value: '/api' }, method: 'POST' },
        {
          path: { type: 'PathPrefix', value: '/v1/' },
          headers: [
            { name: 'end-user', type: 'Exact', value: 'jason' },
            { name: 'x-trace', type: 'RegularExpression', value: '[0-9]+' },
            { name: 'x-tier', type: 'RegularExpression', value: 'gold\\..*' },
          ],
          queryParams: [
            { name: 'debug', type: 'Exact', value: '1' },
            { name: 'mode', type: 'RegularExpression', value: 'a.*' },
          ],
        },
      ],
      backendRefs: [backend('reviews-v2', 9080)],
    });
  });

  test('timeouts and retries become timeouts and retry', async () => {
    // GIVEN
    const { chart } = withRoute({
      timeout: Duration.millis(90_500),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOnStatusCodes: [400, 503, 599] },
    }, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules).toEqual([{
      matches: [catchAll],
      backendRefs: [backend('reviews-v1', 9080)],
      timeouts: { request: '1m30s500ms', backendRequest: '2s' },
      retry: { attempts: 3, codes: [400, 503, 599] },
    }]);
  });

  test('retries with 0 attempts fail (retry.attempts is at least 1), 1 attempt passes', async () => {
    // GIVEN
    const off = withRoute({ retries: { attempts: 0 } }, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    const one = withRoute({ retries: { attempts: 1 } }, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    // THEN
    expect(synthErrors(off.chart)).toContain('[test/mesh/reviews] routes[0]: ' + unsupported('turning retries off', 'retries.attempts',
      "an HTTPRoute's 'retry.attempts' is at least 1, and a rule without 'retry' gets the implementation's default retries: give 1 or more attempts"));
    expect(httpRoute(await synthValid(one.chart), 'reviews').spec.rules[0].retry).toEqual({ attempts: 1 });
  });

  test('header changes become header modifier filters', async () => {
    // GIVEN
    const { chart } = withRoute({
      headers: {
        request: { set: { 'x-env': 'prod' }, add: { 'x-seen': 'yes' }, remove: ['x-internal'] },
        response: { remove: ['server'] },
      },
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0].filters).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], add: [{ name: 'x-seen', value: 'yes' }], remove: ['x-internal'] },
      },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } },
    ]);
  });

  test('a URI rewrite replaces the prefix of a prefix route, the full path of exact routes, and the authority by hostname', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/old') }], rewrite: { uri: '/new', authority: 'reviews.example.com' } });
    reviews.addRoute({ matches: [{ uri: StringMatch.exact('/a') }, { uri: StringMatch.exact('/b') }], rewrite: { uri: '/c' } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const rules = httpRoute(objects, 'reviews').spec.rules;
    expect(rules[0].filters).toEqual([{
      type: 'URLRewrite',
      urlRewrite: { hostname: 'reviews.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } },
    }]);
    expect(rules[1].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/c' } } }]);
  });

  test('a redirect becomes a RequestRedirect filter with its status written out, 301 unless given', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ matches: [{ uri: StringMatch.exact('/old') }], redirect: { uri: '/new', authority: 'example.com', port: 8443, scheme: 'https' } });
    reviews.addRoute({ matches: [{ uri: StringMatch.exact('/gone') }], redirect: { uri: '/', redirectCode: 308 } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const rules = httpRoute(objects, 'reviews').spec.rules;
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'Exact', value: '/old' } }],
      filters: [{
        type: 'RequestRedirect',
        requestRedirect: { scheme: 'https', hostname: 'example.com', port: 8443, statusCode: 301, path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } },
      }],
    });
    expect(rules[1].filters[0].requestRedirect.statusCode).toBe(308);
  });

  test('mirroring becomes a RequestMirror filter: whole percentages as percent, fractions as a reduced fraction', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/a') }], mirror: { destination: { version: 'v2' } } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], mirror: { destination: { version: 'v2' }, percentage: 0 } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/c') }], mirror: { destination: { version: 'v2' }, percentage: 0.0001 } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/d') }], mirror: { destination: { version: 'v2' }, percentage: 12.5 } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const mirrors = httpRoute(objects, 'reviews').spec.rules.slice(0, 4).map((r: any) => r.filters[0]);
    const to = { group: '', kind: 'Service', name: 'reviews-v2', port: 9080 };
    expect(mirrors).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: to, percent: 100 } },
      { type: 'RequestMirror', requestMirror: { backendRef: to, percent: 0 } },
      { type: 'RequestMirror', requestMirror: { backendRef: to, fraction: { numerator: 1, denominator: 1_000_000 } } },
      { type: 'RequestMirror', requestMirror: { backendRef: to, fraction: { numerator: 1, denominator: 8 } } },
    ]);
  });

  test('a CORS policy becomes a CORS filter, with the max age written out', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/a') }],
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://shop.example.com'), StringMatch.exact('http://api.example.org:8443')],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['x-token'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.minutes(1),
        allowCredentials: true,
      },
    });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], corsPolicy: { allowOrigins: [StringMatch.regex('.*')], allowMethods: ['*'] } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const rules = httpRoute(objects, 'reviews').spec.rules;
    expect(rules[0].filters).toEqual([{
      type: 'CORS',
      cors: {
        allowOrigins: ['https://shop.example.com', 'http://api.example.org:8443'],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['x-token'],
        exposeHeaders: ['x-request-id'],
        maxAge: 60,
        allowCredentials: true,
      },
    }]);
    expect(rules[1].filters).toEqual([{ type: 'CORS', cors: { allowOrigins: ['*'], allowMethods: ['*'], maxAge: 5 } }]);
  });

  test.each(['(?s).*', '^(.*)$', '[\\s\\S]*'])('an origin regex %p that matches every origin becomes *', async pattern => {
    // GIVEN
    const { chart, mesh } = setup();
    reviewsOf(mesh).addRoute({ corsPolicy: { allowOrigins: [StringMatch.regex(pattern)] } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0].filters).toEqual([{ type: 'CORS', cors: { allowOrigins: ['*'], maxAge: 5 } }]);
  });

  test('an origin regex that excludes origins has no Gateway API form', () => {
    const { chart, mesh } = setup();
    reviewsOf(mesh).addRoute({ corsPolicy: { allowOrigins: [StringMatch.regex('https://.*')] } });
    expect(synthErrors(chart)).toContain(`[test/mesh/reviews] routes[0]: ${unsupported('a regex origin match', 'corsPolicy.allowOrigins[0]',
      "a CORS filter lists origins ('https://shop.example.com', '*.' wildcards, or '*' for any: StringMatch.regex('.*'))")}`);
  });

  test('weighted destinations keep their weights, a single destination gets weight 1', async () => {
    // GIVEN
    const { chart } = withRoute({ destinations: [{ version: 'v1', weight: 0 }, { version: 'v2', weight: 100 }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules).toEqual([{
      matches: [catchAll],
      backendRefs: [backend('reviews-v1', 9080, 0), backend('reviews-v2', 9080, 100)],
    }]);
  });

  test('routes come before the default route, which a final catch-all route replaces as in Istio mode', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    const ratings = mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r' }, { name: 'v2', image: 'r' }] });
    ratings.addRoute({ destinations: [{ version: 'v2' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules.map((r: any) => r.backendRefs[0].name)).toEqual(['reviews-v2', 'reviews-v1']);
    expect(httpRoute(objects, 'ratings').spec.rules).toEqual([{ matches: [catchAll], backendRefs: [backend('ratings-v2', 9080)] }]);
  });

  test('a route to a service of another namespace comes with a ReferenceGrant there', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    const ratings = mesh.addService('ratings', { namespace: 'data', ports: [{ port: 8000 }], versions: [{ name: 'v1', image: 'r' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/ratings') }], destinations: [{ host: ratings, version: 'v1' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/all') }], destinations: [{ host: ratings }], mirror: { destination: { host: ratings, version: 'v1' } } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0].backendRefs).toEqual([backend('ratings-v1', 8000, 1, 'data')]);
    expect(findObject(objects, 'ReferenceGrant', 'reviews.default', 'data')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'reviews.default', namespace: 'data' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'default' }],
        to: [{ group: '', kind: 'Service', name: 'ratings' }, { group: '', kind: 'Service', name: 'ratings-v1' }],
      },
    });
    expect(reviews.gatewayApiObjects.map(o => o.kind)).toEqual(['HTTPRoute', 'ReferenceGrant']);
  });

  test('traffic policies reach the versions\' Services through DestinationRules with the policy Istio applies to the subset', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh, { ports: [{ port: 9080 }, { port: 9090 }], trafficPolicy: { loadBalancer: LoadBalancer.random() } });
    reviews.addVersion('v3', { image: 'reviews:3', trafficPolicy: { loadBalancer: LoadBalancer.leastRequest() } });
    new CircuitBreaker(chart, 'breaker', { host: reviews, port: 9090, outlierDetection: { consecutive5xxErrors: 5 } });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'DestinationRule', 'reviews-v1', 'default').spec).toEqual({
      host: 'reviews-v1',
      trafficPolicy: {
        loadBalancer: { simple: 'RANDOM' },
        portLevelSettings: [{ port: { number: 9090 }, loadBalancer: { simple: 'RANDOM' }, outlierDetection: { consecutive5xxErrors: 5 } }],
      },
    });
    expect(findObject(objects, 'DestinationRule', 'reviews-v3', 'default').spec).toEqual({
      host: 'reviews-v3',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        portLevelSettings: [{ port: { number: 9090 }, loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { consecutive5xxErrors: 5 } }],
      },
    });
    expect(findObject(objects, 'DestinationRule', 'reviews', 'default').spec.trafficPolicy.loadBalancer).toEqual({ simple: 'RANDOM' });
  });

  test('without traffic policies the versions\' Services get no DestinationRule', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    reviewsOf(mesh);
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'DestinationRule').map(d => d.metadata.name)).toEqual(['reviews']);
  });
});

describe('Canary in Gateway API mode', () => {
  test('the default rule splits between the versions\' Services, the tester rule comes before it, the mirror is a RequestMirror', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ name: 'admin', matches: [{ uri: StringMatch.prefix('/admin') }], destinations: [{ version: 'v1' }] });
    new Canary(chart, 'canary', {
      service: reviews,
      stableVersion: 'v1',
      canaryVersion: 'v2',
      steps: [10, 25, 100],
      currentStep: 1,
      testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
      mirrorPercentage: 50,
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules).toEqual([
      { name: 'admin', matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [backend('reviews-v1', 9080)] },
      {
        name: 'v2-testers',
        matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'end-user', type: 'Exact', value: 'jason' }] }],
        backendRefs: [backend('reviews-v2', 9080)],
      },
      {
        matches: [catchAll],
        backendRefs: [backend('reviews-v1', 9080, 75), backend('reviews-v2', 9080, 25)],
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'reviews-v2', port: 9080 }, percent: 50 } }],
      },
    ]);
  });

  test.each([0, 100])('a canary at weight %d is a valid split', async (weight) => {
    // GIVEN
    const { chart, mesh } = setup();
    new Canary(chart, 'canary', { service: reviewsOf(mesh), stableVersion: 'v1', canaryVersion: 'v2', weight });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0].backendRefs).toEqual([backend('reviews-v1', 9080, 100 - weight), backend('reviews-v2', 9080, weight)]);
  });

  test('testers the Gateway API cannot match fail, naming the canary', () => {
    // GIVEN
    const { chart, mesh } = setup();
    new Canary(chart, 'canary', {
      service: reviewsOf(mesh),
      stableVersion: 'v1',
      canaryVersion: 'v2',
      weight: 10,
      testers: CanaryTesters.matching([{ withoutHeaders: { 'x-bot': StringMatch.present() } }]),
    });
    // THEN
    expect(synthErrors(chart)).toContain('[test/mesh/reviews] the tester route of test/canary: '
      + unsupported('a negative header match', 'matches[0].withoutHeaders', 'HTTPRoute matches only headers that are present with a value'));
  });
});

/* ------------------------------------------------------------------ */
/* route order                                                         */
/* ------------------------------------------------------------------ */

describe('route order in Gateway API mode', () => {
  test('a route the Gateway API would try before an earlier one it overlaps fails', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'api', matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ version: 'v1' }] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/reviews] routes[1] 'api' would be tried before routes[0] 'jason', which comes first: "
      + 'the Gateway API orders rules by how specific their matches are (an exact path, then the longest path prefix, then a method, '
      + "then the most header and then query parameter matches), not by position, and some requests match both; put routes[1] 'api' first, "
      + 'or make the two routes match different requests');
  });

  test.each([
    ['an exact path before a prefix', [{ uri: StringMatch.exact('/api/x') }], [{ uri: StringMatch.prefix('/api') }]],
    ['a longer prefix before a shorter one', [{ uri: StringMatch.prefix('/api/v1') }], [{ uri: StringMatch.prefix('/api') }]],
    ['a method before headers', [{ method: StringMatch.exact('GET') }], [{ headers: { a: StringMatch.exact('1') } }]],
    ['more headers before fewer', [{ headers: { a: StringMatch.exact('1'), b: StringMatch.exact('2') } }], [{ headers: { c: StringMatch.exact('3') } }]],
    ['equal precedence keeps the order', [{ headers: { a: StringMatch.exact('1') } }], [{ headers: { b: StringMatch.exact('2') } }]],
    ['different exact paths', [{ uri: StringMatch.exact('/a') }], [{ uri: StringMatch.exact('/b/c') }]],
    ['prefixes of different segments', [{ uri: StringMatch.prefix('/ab') }], [{ uri: StringMatch.prefix('/abc/d') }]],
    ['different methods', [{ method: StringMatch.exact('GET') }], [{ method: StringMatch.exact('POST'), uri: StringMatch.prefix('/x') }]],
    ['different values of one header', [{ headers: { a: StringMatch.exact('1') } }], [{ headers: { a: StringMatch.exact('2'), b: StringMatch.exact('3') } }]],
    ['different values of one query parameter', [{ queryParams: { a: StringMatch.exact('1') } }], [{ queryParams: { a: StringMatch.exact('2'), b: StringMatch.exact('3') } }]],
  ])('%s passes', async (_, first, second) => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    reviews.addRoute({ matches: first, destinations: [{ version: 'v2' }] });
    reviews.addRoute({ matches: second, destinations: [{ version: 'v1' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules).toHaveLength(3);
  });

  test('16 rules pass, 17 fail', async () => {
    // GIVEN
    const build = (n: number) => {
      const { chart, mesh } = setup();
      const reviews = reviewsOf(mesh);
      for (let i = 0; i < n - 1; i++) {
        reviews.addRoute({ matches: [{ uri: StringMatch.exact(`/p${i}`) }], destinations: [{ version: 'v2' }] });
      }
      return chart;
    };
    // THEN
    expect(httpRoute(await synthValid(build(16)), 'reviews').spec.rules).toHaveLength(16);
    expect(synthErrors(build(17))).toContain("[test/mesh/reviews] HTTPRoute 'reviews' would have 17 rules: the Gateway API allows at most 16 per HTTPRoute");
  });

  test('64 matches in a rule pass, 65 fail; 128 matches in a route pass, 129 fail', async () => {
    // GIVEN
    const build = (perRule: number[]) => {
      const { chart, mesh } = setup();
      const reviews = reviewsOf(mesh);
      perRule.forEach((n, r) => reviews.addRoute({
        matches: Array.from({ length: n }, (_, i) => ({ uri: StringMatch.exact(`/r${r}/${i}`) })),
        destinations: [{ version: 'v2' }],
      }));
      return chart;
    };
    // THEN (the default route adds one match)
    expect(httpRoute(await synthValid(build([64, 63])), 'reviews').spec.rules.map((r: any) => r.matches.length)).toEqual([64, 63, 1]);
    expect(synthErrors(build([65]))).toContain("[test/mesh/reviews] routes[0]: 'matches' has 65 entries: an HTTPRoute rule has at most 64");
    expect(synthErrors(build([64, 64]))).toContain("[test/mesh/reviews] HTTPRoute 'reviews' would have 129 matches: the Gateway API allows at most 128 per HTTPRoute");
  });
});

/* ------------------------------------------------------------------ */
/* what the Gateway API cannot express                                 */
/* ------------------------------------------------------------------ */

describe('settings the Gateway API cannot express fail, naming the service, the route and the setting', () => {
  const route = (extra: Partial<HttpRouteOptions>): HttpRouteOptions => ({ name: 'r', matches: [{ uri: StringMatch.prefix('/r') }], ...extra });
  const match = (m: object) => route({ matches: [{ uri: StringMatch.prefix('/r'), ...m }] });
  const where = "[test/mesh/reviews] routes[0] 'r': ";

  test.each<[string, HttpRouteOptions, string]>([
    ['fault injection', route({ fault: { abort: { httpStatus: 500 } } }),
      unsupported('fault injection', 'fault', 'HTTPRoute has no filter that delays or aborts requests')],
    ['negative header matches', match({ withoutHeaders: { 'x-a': StringMatch.exact('1') } }),
      unsupported('a negative header match', 'matches[0].withoutHeaders', 'HTTPRoute matches only headers that are present with a value')],
    ['caller labels', match({ sourceLabels: { app: 'web' } }),
      unsupported('a match on the calling workload', 'matches[0].sourceLabels', 'HTTPRoute matches requests, not callers')],
    ['caller namespaces', match({ sourceNamespace: 'web' }),
      unsupported('a match on the calling namespace', 'matches[0].sourceNamespace', 'HTTPRoute matches requests, not callers')],
    ['case-insensitive paths', match({ ignoreUriCase: true }),
      unsupported('case-insensitive path matching', 'matches[0].ignoreUriCase', 'HTTPRoute paths match case-sensitively')],
    ['regular-expression paths', route({ matches: [{ uri: StringMatch.regex('/r/[0-9]+') }] }),
      unsupported('a regular-expression path', 'matches[0].uri', 'the Gateway API leaves the precedence of RegularExpression paths to the implementation, so the order of the routes could not be kept')],
    ['scheme matches', match({ scheme: StringMatch.exact('https') }),
      unsupported('a scheme match', 'matches[0].scheme', 'HTTPRoute matches paths, methods, headers and query parameters')],
    ['authority matches', match({ authority: StringMatch.exact('a.example.com') }),
      unsupported('an authority match', 'matches[0].authority', 'HTTPRoute matches paths, methods, headers and query parameters')],
    ['gateway selection', match({ gateways: ['mesh'] }),
      unsupported('gateway selection per match', 'matches[0].gateways', "a mesh HTTPRoute's parent is its Service")],
    ['match names', match({ name: 'm' }),
      unsupported('a match name', 'matches[0].name', 'HTTPRoute matches have no names')],
    ['presence matches', match({ headers: { 'x-a': StringMatch.present() } }),
      unsupported('a presence match', 'matches[0].headers', "'x-a' is StringMatch.present(), and HTTPRoute matches values only")],
    ['method prefixes', match({ method: StringMatch.prefix('G') }),
      unsupported('a prefix method match', 'matches[0].method', 'HTTPRoute matches one exact method')],
    ['retry conditions', route({ retries: { attempts: 2, retryOn: [RetryOn.FIVE_XX] } }),
      unsupported('retry conditions', 'retries.retryOn', "an HTTPRoute retries on the status codes it lists: use 'retryOnStatusCodes'")],
    ['retries in other localities', route({ retries: { attempts: 2, retryRemoteLocalities: true } }),
      unsupported('retries in other localities', 'retries.retryRemoteLocalities', 'an HTTPRoute retry has no locality setting: leave it out')],
    ['rewrites of routes with several prefixes', route({ matches: [{ uri: StringMatch.prefix('/a') }, { uri: StringMatch.prefix('/b') }], rewrite: { uri: '/c' } }),
      unsupported('a URI rewrite of this route', 'rewrite.uri',
        'an HTTPRoute replaces either the prefix of a rule with exactly one path-prefix match, or the full path; give the route one prefix match, or only exact paths')],
    ['redirect status 300', route({ redirect: { uri: '/x', redirectCode: 300 } }),
      unsupported('redirect status 300', 'redirect.redirectCode', 'a RequestRedirect filter answers 301, 302, 303, 307, 308')],
    ['authority changes by header', route({ headers: { request: { set: { host: 'a.example.com' } } } }),
      unsupported('an authority rewrite by header', 'headers.request.set', "use 'rewrite.authority' instead of header 'host'")],
    ['CORS origins by prefix', route({ corsPolicy: { allowOrigins: [StringMatch.prefix('https://')] } }),
      unsupported('a prefix origin match', 'corsPolicy.allowOrigins[0]', "a CORS filter lists origins ('https://shop.example.com', '*.' wildcards, or '*' for any: StringMatch.regex('.*'))")],
  ])('%s', (_, options, message) => {
    // GIVEN
    const { chart } = withRoute(options);
    // THEN
    expect(synthErrors(chart)).toContain(where + message);
  });

  test.each<[string, HttpRouteOptions, string]>([
    ['unknown methods', route({ matches: [{ method: StringMatch.exact('PURGE') }] }),
      "'matches[0].method' must be one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH in the Gateway API, got 'PURGE'"],
    ['empty path prefixes', route({ matches: [{ uri: StringMatch.prefix('') }] }),
      "'matches[0].uri' must be an absolute path starting with '/' in the Gateway API, got ''"],
    ['paths with //', route({ matches: [{ uri: StringMatch.prefix('/a//b') }] }), "'matches[0].uri' must not contain '//' in the Gateway API, got '/a//b'"],
    ['paths ending in /..', route({ matches: [{ uri: StringMatch.prefix('/a/..') }] }), "'matches[0].uri' must not end with '/.' or '/..' in the Gateway API, got '/a/..'"],
    ['paths with spaces', route({ matches: [{ uri: StringMatch.exact('/a b') }] }),
      "'matches[0].uri' may contain only letters, digits, -._~!$&'()*+,;=:@/ and %-escapes in the Gateway API, got '/a b'"],
    ['empty header values', match({ headers: { 'x-a': StringMatch.exact('') } }),
      "'matches[0].headers' entry 'x-a' must not match the empty string in the Gateway API: use a non-empty value"],
    ['query parameter names that are no tokens', match({ queryParams: { 'a b': StringMatch.exact('1') } }),
      "'matches[0].queryParams' key 'a b' must be a header-style token in the Gateway API (letters, digits and !#$%&'*+-.^_`|~)"],
    ['retry status codes below 400', route({ retries: { attempts: 2, retryOnStatusCodes: [399] } }),
      "'retries.retryOnStatusCodes[0]' must be between 400 and 599 in the Gateway API, got 399"],
    ['per-try timeouts above the timeout', route({ timeout: Duration.seconds(1), retries: { attempts: 2, perTryTimeout: Duration.millis(1001) } }),
      "'retries.perTryTimeout' (1s1ms) must not be longer than 'timeout' (1s) in the Gateway API, whose backend request timeout is part of the request timeout"],
    ['timeouts of 100,000 hours', route({ timeout: Duration.hours(100_000) }), "'timeout' must be below 100000 hours in the Gateway API, got 100000 hours"],
    ['authorities with a port', route({ rewrite: { authority: 'a.example.com:8080' } }),
      "'rewrite.authority' must be a host name without port or wildcard in the Gateway API (lowercase letters, digits, '-' and '.'), got 'a.example.com:8080'"],
    ['empty header values to set', route({ headers: { response: { set: { 'x-a': '' } } } }),
      "'headers.response.set' value of 'x-a' must be 1 to 4096 characters in the Gateway API, got 0"],
    ['CORS origins that are no origins', route({ corsPolicy: { allowOrigins: [StringMatch.exact('shop.example.com')] } }),
      "'corsPolicy.allowOrigins[0]' must be an origin 'http(s)://host[:port]' in the Gateway API, got 'shop.example.com'"],
    ['CORS origins with a literal *', route({ corsPolicy: { allowOrigins: [StringMatch.exact('https://*.example.com')] } }),
      "'corsPolicy.allowOrigins[0]' 'https://*.example.com' contains '*', which the Gateway API reads as a wildcard and Istio as a literal character: for any origin use StringMatch.regex('.*')"],
    ['CORS wildcard methods among others', route({ corsPolicy: { allowOrigins: [StringMatch.regex('.*')], allowMethods: ['*', 'GET'] } }),
      "'corsPolicy.allowMethods' must not list '*' together with other methods in the Gateway API"],
    ['17 header matches', match({ headers: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`h${i}`, StringMatch.exact('1')])) }),
      "'matches[0].headers' has 17 entries: an HTTPRoute match has at most 16"],
    // list-type=set and CEL rules of the HTTPRoute CRD
    ['a retry status code given twice', route({ retries: { attempts: 2, retryOnStatusCodes: [503, 502, 503] } }),
      "'retries.retryOnStatusCodes' lists '503' twice: the Gateway API's 'retry.codes' is a set"],
    ['any CORS origin together with others', route({ corsPolicy: { allowOrigins: [StringMatch.regex('.*'), StringMatch.exact('https://a.example.com')] } }),
      "'corsPolicy.allowOrigins' allows any origin (StringMatch.regex('.*')) and lists others: the Gateway API takes '*' only as the single origin, "
      + "so give StringMatch.regex('.*') alone or only the origins"],
    ['a CORS origin given twice', route({ corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example.com'), StringMatch.exact('https://a.example.com')] } }),
      "'corsPolicy.allowOrigins' lists 'https://a.example.com' twice: the Gateway API's CORS lists are sets"],
    ['a CORS method given twice', route({ corsPolicy: { allowOrigins: [StringMatch.regex('.*')], allowMethods: ['GET', 'POST', 'GET'] } }),
      "'corsPolicy.allowMethods' lists 'GET' twice: the Gateway API's CORS lists are sets"],
    ['a CORS allowed header given twice', route({ corsPolicy: { allowOrigins: [StringMatch.regex('.*')], allowHeaders: ['x-a', 'x-a'] } }),
      "'corsPolicy.allowHeaders' lists 'x-a' twice: the Gateway API's CORS lists are sets"],
    ['a CORS exposed header given twice', route({ corsPolicy: { allowOrigins: [StringMatch.regex('.*')], exposeHeaders: ['x-b', 'x-b'] } }),
      "'corsPolicy.exposeHeaders' lists 'x-b' twice: the Gateway API's CORS lists are sets"],
    ['a header removed twice (names are case-insensitive)', route({ headers: { response: { remove: ['x-a', 'X-A'] } } }),
      "'headers.response.remove' lists 'X-A' twice: header names are case-insensitive, and the Gateway API takes each once"],
    ['a header both set and removed', route({ headers: { request: { set: { 'X-A': '1' }, remove: ['x-a'] } } }),
      "'headers.request' names header 'x-a' in 'set' and 'remove': a Gateway API header filter takes one action per header name"],
    ['a header set, added and removed', route({ headers: { response: { set: { 'x-a': '1' }, add: { 'x-a': '2' }, remove: ['x-a'] } } }),
      "'headers.response' names header 'x-a' in 'set', 'add' and 'remove': a Gateway API header filter takes one action per header name"],
    ['a header match value with a leading space', match({ headers: { 'x-a': StringMatch.exact(' a') } }),
      "'matches[0].headers' entry 'x-a' must be printable US-ASCII, words separated by single spaces or tabs, in the Gateway API, got ' a'"],
    ['a header value with two spaces', route({ headers: { request: { add: { 'x-a': 'a  b' } } } }),
      "'headers.request.add' value of 'x-a' must be printable US-ASCII, words separated by single spaces or tabs, in the Gateway API, got 'a  b'"],
  ])('%s', (_, options, message) => {
    // GIVEN
    const { chart } = withRoute(options);
    // THEN
    expect(synthErrors(chart)).toContain(where + message);
  });

  test('the largest timeout and 16 header matches pass', async () => {
    // GIVEN
    const { chart } = withRoute(route({
      timeout: Duration.millis(100_000 * 3_600_000 - 1),
      matches: [{ headers: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`h${i}`, StringMatch.exact('1')])) }],
    }));
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(httpRoute(objects, 'reviews').spec.rules[0].timeouts).toEqual({ request: '99999h59m59s999ms' });
    expect(httpRoute(objects, 'reviews').spec.rules[0].matches[0].headers).toHaveLength(16);
  });

  test('every problem of a route is reported at once', () => {
    // GIVEN
    const { chart } = withRoute(route({ fault: { abort: { httpStatus: 500 } }, matches: [{ ignoreUriCase: true, sourceNamespace: 'x' }] }));
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    expect(errors).toContain(`${where}fault injection ('fault')`);
    expect(errors).toContain(`${where}case-insensitive path matching ('matches[0].ignoreUriCase')`);
    expect(errors).toContain(`${where}a match on the calling namespace ('matches[0].sourceNamespace')`);
  });

  test('TCP and TLS routes of a service fail', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = mesh.addService('db', {
      ports: [{ port: 3306, protocol: Protocol.TCP }, { port: 443, protocol: Protocol.HTTPS }],
      versions: [{ name: 'v1', image: 'db' }],
    });
    db.addTcpRoute({ destinations: [{ version: 'v1' }] });
    db.addTlsRoute({ destinations: [{ version: 'v1' }] });
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    expect(errors).toContain('[test/mesh/db] tcpRoutes[0]: '
      + inStandardChannel('mesh TCP routing', 'addTcpRoute', `Istio reads TCPRoutes as v1alpha2, which only the experimental channel serves; ${EXPERIMENTAL_FIX}`));
    expect(errors).toContain('[test/mesh/db] tlsRoutes[0]: ' + unsupported('mesh TLS routing', 'addTlsRoute', 'Gateway API v1 attaches no TLS route to a Service'));
  });

  test('a TCP port of a service with several versions fails, with one version it passes', async () => {
    // GIVEN
    const build = (versions: string[]) => {
      const { chart, mesh } = setup();
      mesh.addService('db', {
        ports: [{ port: 3306, protocol: Protocol.MYSQL }, { port: 53, protocol: Protocol.UDP }],
        versions: versions.map(name => ({ name, image: 'db' })),
      });
      return chart;
    };
    // THEN
    expect(findAll(await synthValid(build(['v1'])), 'HTTPRoute')).toEqual([]);
    const errors = synthErrors(build(['v1', 'v2']));
    expect(errors).toContain('[test/mesh/db] ' + inStandardChannel("routing port 3306 (MYSQL) to the default version 'v1'", 'ports',
      'the service has 2 versions (v1, v2), and without a TCPRoute (Istio reads TCPRoutes as v1alpha2, which only the experimental channel serves) '
      + `its connections would reach every version; declare one version, or ${EXPERIMENTAL_FIX}`));
    expect(errors).not.toContain('routing port 53');
  });

  test('routing visible to some namespaces only fails; exportTo * passes', async () => {
    // GIVEN
    const restricted = setup();
    reviewsOf(restricted.mesh, { exportTo: ['.'] });
    const open = setup();
    reviewsOf(open.mesh, { exportTo: ['*'] });
    // THEN
    expect(synthErrors(restricted.chart)).toContain('[test/mesh/reviews] ' + unsupported('routing visible to some namespaces only', 'exportTo',
      "an HTTPRoute attached to a Service applies to callers in every namespace (the DestinationRule keeps 'exportTo')"));
    expect(findObject(await synthValid(open.chart), 'DestinationRule', 'reviews', 'default').spec.exportTo).toEqual(['*']);
  });

  test('a destination that is not a MeshService or a ServiceReference fails', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addExternalService('api', {
      hosts: ['api.example.com'],
      ports: [{ number: 443, protocol: Protocol.HTTPS }],
      resolution: ServiceEntryResolution.DNS,
    });
    reviewsOf(mesh).addRoute({ name: 'r', matches: [{ uri: StringMatch.prefix('/r') }], destinations: [{ host: api }], mirror: { destination: { host: api } } });
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    for (const prop of ['destinations[0].host', 'mirror.destination.host']) {
      expect(errors).toContain(where + unsupported('a destination that is not a MeshService or a ServiceReference', prop,
        "'api' has no Kubernetes Service of its own, and HTTPRoute backends are Services"));
    }
  });

  test('a version of a service in a mesh with Istio routing fails', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const istioMesh = new Mesh(chart, 'istio-mesh', { defaultNamespace: 'legacy' });
    const legacy = istioMesh.addService('legacy', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'l' }] });
    reviewsOf(mesh).addRoute(route({ destinations: [{ host: legacy, version: 'v1' }] }));
    // THEN
    expect(synthErrors(chart)).toContain(where
      + "'destinations[0].version' 'v1' needs the Service 'legacy-v1', which only a mesh with RoutingApi.GATEWAY_API emits, but service 'legacy' belongs to a mesh with ISTIO routing");
  });
});

/* ------------------------------------------------------------------ */
/* gateways                                                            */
/* ------------------------------------------------------------------ */

describe('Gateway in Gateway API mode', () => {
  const gatewayApiGateway = (objects: any[], name = 'ingress', ns = 'istio-ingress') => findObject(objects, 'gateway.networking.k8s.io/Gateway', name, ns);
  const allHttp = [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }];

  test('a gateway is a Gateway API Gateway of class istio with a listener per server host, and no workload of its own', async () => {
    // GIVEN
    const { chart, gateway } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['*'] }),
        GatewayServer.https({ hosts: ['shop.example.com', './*.example.org', 'web/api.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
        GatewayServer.tls({ port: 8443, hosts: ['*/db.example.com'], tls: GatewayTls.passthrough() }),
        GatewayServer.http({ port: 8080, hosts: ['grpc.example.com'], protocol: Protocol.GRPC }),
        GatewayServer.tcp({ port: 9000, protocol: Protocol.MONGO }),
      ],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gateway.workload).toBeUndefined();
    expect(gateway.selector).toEqual({ 'gateway.networking.k8s.io/gateway-name': 'ingress' });
    expect(findAll(objects, 'Deployment')).toEqual([]);
    expect(findAll(objects, 'Service')).toEqual([]);
    expect(findAll(objects, 'networking.istio.io/Gateway')).toEqual([]);
    expect(findObject(objects, 'Namespace', 'istio-ingress').metadata.labels).toBeUndefined();
    expect(gatewayApiGateway(objects)).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'ingress', namespace: 'istio-ingress' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' }, kinds: allHttp } },
          {
            name: 'https-shop.example.com',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'shop.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
            allowedRoutes: { namespaces: { from: 'All' }, kinds: allHttp },
          },
          {
            name: 'https-wildcard.example.org',
            port: 443,
            protocol: 'HTTPS',
            hostname: '*.example.org',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
            allowedRoutes: { namespaces: { from: 'Same' }, kinds: allHttp },
          },
          {
            name: 'https-api.example.com',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'api.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-cert' }] },
            allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }, kinds: allHttp },
          },
          {
            name: 'tls',
            port: 8443,
            protocol: 'TLS',
            hostname: 'db.example.com',
            tls: { mode: 'Passthrough' },
            allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }] },
          },
          { name: 'grpc', port: 8080, protocol: 'HTTP', hostname: 'grpc.example.com', allowedRoutes: { namespaces: { from: 'All' }, kinds: allHttp } },
          {
            name: 'mongo',
            port: 9000,
            protocol: 'TCP',
            allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }] },
          },
        ],
      },
    });
  });

  test('a TLS server that terminates TLS is a TLS listener in Terminate mode that takes TLSRoutes', async () => {
    // GIVEN
    const { chart } = ingress({
      servers: [GatewayServer.tls({ port: 9443, hosts: ['db.example.com'], tls: GatewayTls.simple({ credentialName: 'db-cert' }) })],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gatewayApiGateway(objects).spec.listeners).toEqual([{
      name: 'tls',
      port: 9443,
      protocol: 'TLS',
      hostname: 'db.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'db-cert' }] },
      allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }] },
    }]);
  });

  test('a revisioned mesh labels the Gateway for its istiod', async () => {
    // GIVEN
    const { chart } = ingress({}, { istio: IstioRelease.of({ version: '1.30.3', revision: 'canary' }) });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gatewayApiGateway(objects).metadata.labels).toEqual({ 'istio.io/rev': 'canary' });
  });

  test.each<[string, Partial<GatewayProps>]>([
    ['selector', { selector: { istio: 'ingressgateway' } }],
    ['workloadName', { workloadName: 'my-gateway' }],
    ['replicas', { replicas: 2 }],
    ['ports', { ports: [{ port: 80, name: 'http' }] }],
    ['autoscaling', { autoscaling: { maxReplicas: 3 } }],
  ])("'%s' fails: istiod deploys the gateway's pods", (prop, props) => {
    // THEN
    expect(errorOf(() => ingress(props))).toBe(`[test/mesh/ingress] '${prop}' configures Istio gateway pods, but the mesh emits Gateway API objects `
      + "(RoutingApi.GATEWAY_API): istiod deploys the pods of a Gateway of class 'istio' itself");
  });

  test("'workload' fails, and a GatewayWorkload of its own is left alone", () => {
    // GIVEN
    const { mesh } = setup();
    const workload = new GatewayWorkload(mesh, 'shared', { mesh, namespace: 'gateway-pods' });
    // THEN
    expect(errorOf(() => new Gateway(mesh, 'ingress', { mesh, workload, namespace: 'istio-ingress' }))).toBe("[test/mesh/ingress] 'workload' configures Istio gateway pods, "
      + "but the mesh emits Gateway API objects (RoutingApi.GATEWAY_API): istiod deploys the pods of a Gateway of class 'istio' itself");
    expect(workload.deployment).toBeDefined();
  });

  test('an egress gateway fails', () => {
    expect(errorOf(() => ingress({ egress: true }))).toBe('[test/mesh/ingress] '
      + unsupported('an egress gateway', 'egress', "Istio's Gateway API support routes egress through ServiceEntries, not through a Gateway of class 'istio'"));
  });

  test('a gateway in a namespace with the none data plane fails', () => {
    // GIVEN
    const { mesh } = setup();
    mesh.addNamespace('edge', { dataPlane: DataPlane.none() });
    // THEN
    expect(errorOf(() => new Gateway(mesh, 'ingress', { mesh, namespace: 'edge' }))).toBe("[test/mesh/ingress] namespace 'edge' has the none data plane "
      + "('istio-injection: disabled'), which keeps Istio's webhook from injecting the gateway pods istiod deploys for a Gateway API Gateway: "
      + 'give the gateway another namespace, or that namespace another data plane');
  });

  test('routes become an HTTPRoute attached to the listeners that serve their hosts, with a ReferenceGrant for backends elsewhere', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['shop.example.com'], httpsRedirect: true }),
        GatewayServer.https({ hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
        GatewayServer.http({ port: 8080, hosts: ['*'] }),
      ],
    });
    const reviews = reviewsOf(mesh);
    gateway.addRoute({ hosts: ['shop.example.com'], matches: [{ uri: StringMatch.prefix('/reviews') }], destinations: [{ host: reviews, version: 'v2' }] });
    gateway.addRoute({ hosts: ['*'], namespace: 'default', virtualServiceName: 'all', destinations: [{ host: reviews }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    // the HTTP server of * serves shop.example.com too; the redirecting HTTP server carries no route
    expect(httpRoute(objects, 'ingress-shop.example.com', 'istio-ingress').spec).toEqual({
      parentRefs: [
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', sectionName: 'https' },
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', sectionName: 'http-8080' },
      ],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/reviews' } }], backendRefs: [backend('reviews-v2', 9080, 1, 'default')] }],
    });
    expect(httpRoute(objects, 'all', 'default').spec).toEqual({
      parentRefs: [
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', namespace: 'istio-ingress', sectionName: 'https' },
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', namespace: 'istio-ingress', sectionName: 'http-8080' },
      ],
      rules: [{ matches: [catchAll], backendRefs: [backend('reviews', 9080)] }],
    });
    expect(httpRoute(objects, 'ingress-https-redirect', 'istio-ingress').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', sectionName: 'http' }],
      rules: [{ matches: [catchAll], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(findObject(objects, 'ReferenceGrant', 'ingress.istio-ingress', 'default').spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'istio-ingress' }],
      to: [{ group: '', kind: 'Service', name: 'reviews-v2' }],
    });
    expect(gateway.virtualServices).toEqual([]);
    expect(gateway.gatewayApiObjects.map(o => `${o.kind} ${o.name}`)).toEqual([
      'HTTPRoute ingress-shop.example.com', 'HTTPRoute all', 'HTTPRoute ingress-https-redirect', 'ReferenceGrant ingress.istio-ingress',
    ]);
  });

  test('TLS routes become TLSRoutes of their SNI hosts', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.tls({ port: 443, hosts: ['*.example.com'], tls: GatewayTls.passthrough() })] });
    const db = mesh.addService('db', { namespace: 'istio-ingress', ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    gateway.addTlsRoute({ hosts: ['*.example.com'], matches: [{ sniHosts: ['db.example.com'] }], destinations: [{ host: db }] });
    gateway.addTlsRoute({ hosts: ['*.example.com'], matches: [{ sniHosts: ['cache.example.com'] }], destinations: [{ host: db, version: 'v1' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const tlsRoutes = findAll(objects, 'TLSRoute');
    expect(tlsRoutes.map(r => r.metadata.name)).toEqual(['ingress-wildcard.example.com', 'ingress-wildcard.example.com-2']);
    expect(tlsRoutes[0].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', sectionName: 'tls' }],
      hostnames: ['db.example.com'],
      rules: [{ backendRefs: [backend('db', 443)] }],
    });
    expect(tlsRoutes[1].spec.rules).toEqual([{ backendRefs: [backend('db-v1', 443)] }]);
  });

  test('TLS routes the Gateway API cannot express fail', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.tls({ port: 443, hosts: ['*'], tls: GatewayTls.passthrough() })] });
    const db = mesh.addService('db', { ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    gateway.addTlsRoute({ hosts: ['*'], matches: [{ port: 443 }], destinations: [{ host: db }] });
    gateway.addTlsRoute({ hosts: ['*'], matches: [{ sniHosts: ['db.example.com'] }, { sniHosts: ['*.example.com'] }], destinations: [{ host: db }] });
    gateway.addTlsRoute({ hosts: ['*'], matches: [{ sniHosts: ['db.example.com'] }], destinations: [{ host: db }] });
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    expect(errors).toContain('[test/mesh/ingress/Routes-ingress-wildcard] tlsRoutes[0]: '
      + unsupported('a port match', 'matches[0].port', 'a TLSRoute applies on every listener that serves its hosts'));
    expect(errors).toContain('[test/mesh/ingress/Routes-ingress-wildcard] tlsRoutes[0]: '
      + unsupported("the SNI host '*'", 'matches.sniHosts', "a TLSRoute names its SNI hosts ('*.' wildcards allowed): give the route's hosts or 'sniHosts'"));
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-wildcard] tlsRoutes[2]: SNI 'db.example.com' is also routed by tlsRoutes[1]: the Gateway API picks "
      + 'a TLSRoute by the most specific host name, not by order, so TLS routes of one set of hosts must route different SNI hosts');
  });

  test('TCP routes of a gateway fail', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.tcp({ port: 3306 })] });
    const db = mesh.addService('db', { ports: [{ port: 3306, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'db' }] });
    gateway.addTcpRoute({ hosts: ['*'], destinations: [{ host: db }] });
    // THEN
    expect(synthErrors(chart)).toContain('[test/mesh/ingress/Routes-ingress-wildcard] tcpRoutes[0]: '
      + inStandardChannel('TCP routing', 'addTcpRoute', `Istio reads TCPRoutes as v1alpha2, which only the experimental channel serves; ${EXPERIMENTAL_FIX}`));
  });

  test('a gateway route\'s port match and authority match fail', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    gateway.addRoute({ hosts: ['*'], matches: [{ port: 80, authority: StringMatch.exact('a') }], destinations: [{ host: reviewsOf(mesh) }] });
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    expect(errors).toContain('[test/mesh/ingress/Routes-ingress-wildcard] routes[0]: '
      + unsupported('a port match', 'matches[0].port', 'a gateway HTTPRoute applies on every listener that serves its hosts'));
    expect(errors).toContain('[test/mesh/ingress/Routes-ingress-wildcard] routes[0]: ' + unsupported('an authority match', 'matches[0].authority',
      "HTTPRoute matches paths, methods, headers and query parameters; a gateway route's 'hosts' select the host"));
  });

  test.each<[string, GatewayTls, string]>([
    ['MUTUAL', GatewayTls.mutual({ credentialName: 'c' }),
      unsupported('MUTUAL TLS', 'servers[0].tls', 'a Gateway API listener terminates TLS with its own certificate and verifies no client certificates (GatewayTls.simple())')],
    ['ISTIO_MUTUAL', GatewayTls.istioMutual(),
      unsupported('ISTIO_MUTUAL TLS', 'servers[0].tls', 'a Gateway API listener terminates TLS with its own certificate and verifies no client certificates (GatewayTls.simple())')],
    ['AUTO_PASSTHROUGH', GatewayTls.autoPassthrough(),
      unsupported('AUTO_PASSTHROUGH TLS', 'servers[0].tls', 'Gateway API listeners pass TLS through to routes, not to the service an SNI names')],
    ['certificate files', GatewayTls.simple({ serverCertificate: '/c', privateKey: '/k' }),
      unsupported('certificates from files', 'servers[0].tls', "Gateway API listeners take their certificate from a Secret ('credentialName')")],
    ['TLS versions', GatewayTls.simple({ credentialName: 'c', minProtocolVersion: TlsProtocolVersion.TLSV1_3, cipherSuites: ['AES256-SHA'] }),
      unsupported('TLS versions and cipher suites', 'servers[0].tls', "'minProtocolVersion', 'cipherSuites': Gateway API listeners have no such settings")],
  ])('%s servers fail', (_, tls, message) => {
    // GIVEN
    const { chart } = ingress({ servers: [GatewayServer.tls({ port: 9443, hosts: ['a.example.com'], tls })] });
    // THEN
    expect(synthErrors(chart)).toContain(`[test/mesh/ingress] server 'tls' (port 9443, TLS): ${message}`);
  });

  test('hosts that differ only in the namespaces they admit fail on one port', () => {
    // GIVEN
    const { chart } = ingress({ servers: [GatewayServer.http({ hosts: ['a/shop.example.com', 'b/shop.example.com'] })] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/ingress] server hosts 'a/shop.example.com' and 'b/shop.example.com' both make a HTTP listener on port 80 "
      + 'for host \'shop.example.com\': Gateway API listeners must differ in port, protocol or hostname, so hosts that differ only in the namespaces they admit cannot be told apart');
  });

  test('TCP hosts of different namespaces fail', () => {
    // GIVEN
    const { chart } = ingress({ servers: [GatewayServer.tcp({ port: 3306, hosts: ['a/*', 'b/*'] })] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/ingress] server 'tcp' (port 3306, TCP): "
      + unsupported('TCP hosts of different namespaces', 'servers[0].hosts', 'a TCP listener has no hostname, only one set of namespaces its routes may come from'));
  });

  test('routes of hosts no listener serves fail as in Istio mode', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.http({ hosts: ['a.example.com'] })] });
    gateway.addRoute({ hosts: ['b.example.com'], destinations: [{ host: reviewsOf(mesh) }] });
    // THEN
    expect(synthErrors(chart)).toContain("HTTP routes for host 'b.example.com' are not served by gateway 'ingress'");
  });

  test('a route served by 32 listeners passes, by 33 fails (a route has at most 32 parentRefs)', async () => {
    // GIVEN
    const build = (n: number) => {
      const { chart, mesh, gateway } = ingress({ servers: Array.from({ length: n }, (_, i) => GatewayServer.http({ port: 8000 + i, hosts: ['*'] })) });
      gateway.addRoute({ hosts: ['*'], destinations: [{ host: reviewsOf(mesh) }] });
      return chart;
    };
    // THEN
    expect(httpRoute(await synthValid(build(32)), 'ingress-wildcard', 'istio-ingress').spec.parentRefs).toHaveLength(32);
    const sections = ['http', ...Array.from({ length: 32 }, (_, i) => `http-${8001 + i}`)].join(', ');
    expect(synthErrors(build(33))).toContain(`[test/mesh/ingress/Routes-ingress-wildcard] HTTPRoute 'ingress-wildcard' would attach to 33 listeners (${sections}): `
      + 'a Gateway API route has at most 32 parentRefs; serve its hosts on fewer listeners');
  });

  test('32 HTTPS-redirect listeners pass, 33 fail (the redirect HTTPRoute has at most 32 parentRefs)', async () => {
    // GIVEN
    const build = (n: number) => ingress({
      servers: [
        ...Array.from({ length: n }, (_, i) => GatewayServer.http({ port: 8000 + i, hosts: ['*'], httpsRedirect: true })),
        GatewayServer.https({ hosts: ['*'], tls: GatewayTls.simple({ credentialName: 'cert' }) }),
      ],
    }).chart;
    // THEN
    expect(httpRoute(await synthValid(build(32)), 'ingress-https-redirect', 'istio-ingress').spec.parentRefs).toHaveLength(32);
    expect(synthErrors(build(33))).toContain("[test/mesh/ingress] the servers with 'httpsRedirect' make 33 listeners, which the HTTPRoute answering them "
      + 'with redirects would attach to: a Gateway API route has at most 32 parentRefs');
  });

  test('a listener name of 253 characters passes, of 254 fails', async () => {
    // GIVEN a server with two hosts: its listeners are named <port name>-<host>
    const host = (length: number) => {
      const labels = [];
      for (let left = length; left > 0; left -= 64) {
        labels.push('a'.repeat(Math.min(63, left)));
      }
      return labels.join('.');
    };
    const build = (length: number) => ingress({ servers: [GatewayServer.http({ hosts: [host(length - 'http-'.length), 'x.example.com'] })] }).chart;
    // THEN
    const gateway = findObject(await synthValid(build(253)), 'gateway.networking.k8s.io/Gateway', 'ingress', 'istio-ingress');
    expect(gateway.spec.listeners[0].name).toHaveLength(253);
    const long = `http-${host(249)}`;
    expect(synthErrors(build(254))).toContain(`[test/mesh/ingress] the listener of server host '${host(249)}' would be named '${long}', 254 characters: `
      + "Gateway API listener names have at most 253; give the server a shorter 'name', or the host its own server");
  });

  test('an IP address as SNI host fails: TLSRoute hostnames are host names', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.tls({ port: 443, hosts: ['10.0.0.1'], tls: GatewayTls.passthrough() })] });
    const db = mesh.addService('db', { namespace: 'istio-ingress', ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    gateway.addTlsRoute({ hosts: ['10.0.0.1'], destinations: [{ host: db }] });
    // THEN
    expect(synthErrors(chart)).toContain('[test/mesh/ingress/Routes-ingress-10.0.0.1] tlsRoutes[0]: ' + unsupported("the SNI host '10.0.0.1'", 'matches.sniHosts',
      'a TLSRoute matches SNI host names, and SNI carries no IP addresses (RFC 6066): give host names'));
  });

  test('routes to 16 Services of another namespace pass, to 17 fail (a ReferenceGrant lists at most 16)', async () => {
    // GIVEN
    const build = (n: number) => {
      const { chart, mesh, gateway } = ingress();
      for (let i = 0; i < n; i++) {
        const service = mesh.addService(`s${i}`, { namespace: 'data', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 's' }] });
        gateway.addRoute({ hosts: [`s${i}.example.com`], destinations: [{ host: service }] });
      }
      return chart;
    };
    // THEN
    expect(findObject(await synthValid(build(16)), 'ReferenceGrant', 'ingress.istio-ingress', 'data').spec.to).toHaveLength(16);
    const names = Array.from({ length: 17 }, (_, i) => `s${i}`).sort().join(', ');
    expect(synthErrors(build(17))).toContain(`[test/mesh/ingress] the routes send to 17 Services of namespace 'data' (${names}), which the ReferenceGrant `
      + "'ingress.istio-ingress' there would have to list: the Gateway API allows at most 16; send to fewer Services of that namespace");
  });
});

describe('ReferenceGrants of a MeshService in Gateway API mode', () => {
  test('routes to 17 Services of another namespace fail (a ReferenceGrant lists at most 16)', () => {
    // GIVEN 8 routes with a destination and a mirror each, and one more route: 17 Services of 'data'
    const { chart, mesh } = setup();
    const reviews = reviewsOf(mesh);
    const services = Array.from({ length: 17 }, (_, i) => mesh.addService(`s${i}`, { namespace: 'data', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 's' }] }));
    for (let i = 0; i < 8; i++) {
      reviews.addRoute({ matches: [{ uri: StringMatch.exact(`/s${i}`) }], destinations: [{ host: services[2 * i] }], mirror: { destination: { host: services[2 * i + 1] } } });
    }
    reviews.addRoute({ matches: [{ uri: StringMatch.exact('/s16') }], destinations: [{ host: services[16] }] });
    // THEN
    const names = services.map(x => x.name).sort().join(', ');
    expect(synthErrors(chart)).toContain(`[test/mesh/reviews] the routes send to 17 Services of namespace 'data' (${names}), which the ReferenceGrant `
      + "'reviews.default' there would have to list: the Gateway API allows at most 16; send to fewer Services of that namespace");
  });
});

/* ------------------------------------------------------------------ */
/* the CRDs' CEL rules                                                 */
/* ------------------------------------------------------------------ */

/**
 * The Gateway API CRDs (v1.6) check their objects with CEL rules that the schemas of
 * @kubernetes-models/gateway-api do not carry. Each rule is a test here, over a mesh that uses
 * every filter, path rewrite, redirect, mirror, timeout, retry, canary, gateway listener kind and
 * cross-namespace backend this library writes.
 */
describe('the Gateway API CRDs\' CEL rules hold for every object', () => {
  let objects: any[];
  const routes = () => findAll(objects, 'gateway.networking.k8s.io/HTTPRoute');
  const rules = () => routes().flatMap(r => r.spec.rules as any[]);
  const filtersOf = () => rules().map(r => (r.filters ?? []) as any[]);
  const tlsRoutes = () => findAll(objects, 'gateway.networking.k8s.io/TLSRoute');
  const listeners = () => findAll(objects, 'gateway.networking.k8s.io/Gateway').map(g => g.spec.listeners as any[]);
  const backendRefs = () => [
    ...rules().flatMap(r => r.backendRefs ?? []),
    ...filtersOf().flat().filter(f => f.type === 'RequestMirror').map(f => f.requestMirror.backendRef),
    ...tlsRoutes().flatMap(r => r.spec.rules.flatMap((x: any) => x.backendRefs)),
  ];

  beforeAll(async () => {
    const { chart, mesh, gateway } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['shop.example.com', '*.example.org'], httpsRedirect: true }),
        GatewayServer.https({ hosts: ['shop.example.com', '*.example.org'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
        GatewayServer.http({ port: 8080, hosts: ['*'] }),
        GatewayServer.tls({ port: 8443, hosts: ['db.example.com', 'cache.example.com'], tls: GatewayTls.passthrough() }),
        GatewayServer.tcp({ port: 9000, protocol: Protocol.MONGO }),
      ],
    }, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    const reviews = reviewsOf(mesh);
    const ratings = mesh.addService('ratings', { namespace: 'data', ports: [{ port: 8000 }], versions: [{ name: 'v1', image: 'r' }] });
    const api = mesh.addService('api', { ports: [{ port: 80 }, { port: 81 }], versions: [{ name: 'v1', image: 'a' }] });
    reviews.addRoute({
      name: 'old',
      matches: [{ uri: StringMatch.prefix('/old') }],
      rewrite: { uri: '/new', authority: 'reviews.example.com' },
      headers: { request: { set: { 'x-env': 'prod' }, add: { 'x-seen': 'yes' }, remove: ['x-internal'] }, response: { remove: ['server'] } },
      corsPolicy: { allowOrigins: [StringMatch.regex('.*')], allowMethods: ['*'], allowHeaders: ['x-token'], exposeHeaders: ['x-id'], maxAge: Duration.seconds(1) },
      mirror: { destination: { host: ratings, version: 'v1' }, percentage: 12.5 },
      timeout: Duration.seconds(3),
      retries: { attempts: 2, perTryTimeout: Duration.seconds(3), retryOnStatusCodes: [502, 503] },
    });
    reviews.addRoute({ name: 'exact', matches: [{ uri: StringMatch.exact('/a') }, { uri: StringMatch.exact('/b') }], rewrite: { uri: '/c' } });
    reviews.addRoute({ name: 'moved', matches: [{ uri: StringMatch.exact('/gone') }], redirect: { uri: '/', scheme: 'https', port: 443, redirectCode: 308 }, headers: { response: { set: { 'x-a': '1' } } } });
    reviews.addRoute({ name: 'ratings', matches: [{ uri: StringMatch.prefix('/ratings'), method: StringMatch.exact('GET') }], destinations: [{ host: ratings }] });
    new Canary(chart, 'canary', {
      service: reviews,
      stableVersion: 'v1',
      canaryVersion: 'v2',
      weight: 10,
      mirrorPercentage: 5,
      testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
    });
    api.addRoute({ matches: [{ port: 81, uri: StringMatch.prefix('/admin') }], rewrite: { uri: '/' } });
    gateway.addRoute({ hosts: ['shop.example.com'], matches: [{ uri: StringMatch.prefix('/reviews') }], rewrite: { uri: '/' }, destinations: [{ host: reviews, version: 'v2' }] });
    gateway.addRoute({ hosts: ['*'], namespace: 'default', virtualServiceName: 'all', destinations: [{ host: reviews }] });
    gateway.addRoute({ hosts: ['www.example.org'], destinations: [{ host: ratings }] });
    const db = mesh.addService('db', { namespace: 'istio-ingress', ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    gateway.addTlsRoute({ hosts: ['db.example.com'], destinations: [{ host: db }] });
    gateway.addTlsRoute({ hosts: ['cache.example.com'], destinations: [{ host: db, version: 'v1' }] });
    objects = await synthValid(chart);
  });

  test('the fixture has every kind of object and filter', () => {
    expect(routes().length).toBeGreaterThanOrEqual(6);
    expect(tlsRoutes()).toHaveLength(2);
    expect(findAll(objects, 'ReferenceGrant').length).toBeGreaterThanOrEqual(2);
    expect(new Set(filtersOf().flat().map(f => f.type))).toEqual(new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'URLRewrite', 'RequestRedirect', 'RequestMirror', 'CORS']));
  });

  test('no rule repeats a RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite or CORS filter', () => {
    for (const filters of filtersOf()) {
      for (const type of ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'CORS']) {
        expect(filters.filter(f => f.type === type).length).toBeLessThanOrEqual(1);
      }
    }
  });

  test('no rule has both a RequestRedirect and a URLRewrite filter, and a RequestRedirect rule has no backendRefs', () => {
    for (const rule of rules()) {
      const types = (rule.filters ?? []).map((f: any) => f.type);
      expect(types.includes('RequestRedirect') && types.includes('URLRewrite')).toBe(false);
      if (types.includes('RequestRedirect')) {
        expect(rule.backendRefs ?? []).toEqual([]);
      }
    }
  });

  test('each filter carries the field of its type and no other', () => {
    const fields: { [type: string]: string } = {
      RequestHeaderModifier: 'requestHeaderModifier',
      ResponseHeaderModifier: 'responseHeaderModifier',
      RequestMirror: 'requestMirror',
      RequestRedirect: 'requestRedirect',
      URLRewrite: 'urlRewrite',
      CORS: 'cors',
    };
    for (const filter of filtersOf().flat()) {
      expect(Object.keys(filter).sort()).toEqual([fields[filter.type], 'type'].sort());
    }
  });

  test('a ReplacePrefixMatch rule has exactly one match, a PathPrefix', () => {
    const prefixRewrites = rules().filter(r => (r.filters ?? []).some((f: any) => (f.urlRewrite ?? f.requestRedirect)?.path?.type === 'ReplacePrefixMatch'));
    expect(prefixRewrites.length).toBeGreaterThanOrEqual(3);
    for (const rule of prefixRewrites) {
      expect(rule.matches).toHaveLength(1);
      expect(rule.matches[0].path.type).toBe('PathPrefix');
    }
  });

  test('a path modifier carries exactly the value of its type', () => {
    const paths = filtersOf().flat().map(f => (f.urlRewrite ?? f.requestRedirect)?.path).filter(p => p !== undefined);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const path of paths) {
      expect(Object.keys(path).sort()).toEqual(path.type === 'ReplaceFullPath' ? ['replaceFullPath', 'type'] : ['replacePrefixMatch', 'type']);
    }
  });

  test('Exact and PathPrefix values are absolute, normalized paths of allowed characters', () => {
    for (const { path } of rules().flatMap(r => r.matches)) {
      expect(path.value).toMatch(/^\//);
      expect(path.value).toMatch(/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/);
      for (const part of ['//', '/./', '/../', '%2f', '%2F', '#']) {
        expect(path.value).not.toContain(part);
      }
      expect(path.value).not.toMatch(/\/\.\.?$/);
    }
  });

  test('every backend that is a Service has a port', () => {
    const refs = backendRefs();
    expect(refs.length).toBeGreaterThanOrEqual(10);
    for (const ref of refs) {
      expect(ref).toMatchObject({ group: '', kind: 'Service', port: expect.any(Number) });
    }
  });

  test('timeouts.backendRequest is at most timeouts.request', () => {
    const ms = (d: string) => [...d.matchAll(/(\d+)(ms|h|m|s)/g)].reduce((n, [, v, u]) => n + Number(v) * { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 }[u]!, 0);
    const timeouts = rules().map(r => r.timeouts).filter(t => t !== undefined);
    expect(timeouts).toEqual([{ request: '3s', backendRequest: '3s' }]);
    for (const t of timeouts.filter(x => x.request !== undefined && x.backendRequest !== undefined)) {
      expect(ms(t.backendRequest)).toBeLessThanOrEqual(ms(t.request));
    }
  });

  test('a retry has at least 1 attempt and no status code twice', () => {
    const retries = rules().map(r => r.retry).filter(r => r !== undefined);
    expect(retries).toEqual([{ attempts: 2, codes: [502, 503] }]);
    for (const retry of retries) {
      expect(retry.attempts).toBeGreaterThanOrEqual(1);
      expect(new Set(retry.codes).size).toBe(retry.codes.length);
    }
  });

  test('a mirror has a percent or a fraction, not both, and the numerator is at most the denominator', () => {
    const mirrors = filtersOf().flat().filter(f => f.type === 'RequestMirror').map(f => f.requestMirror);
    expect(mirrors.length).toBeGreaterThanOrEqual(2);
    for (const m of mirrors) {
      expect((m.percent !== undefined) !== (m.fraction !== undefined)).toBe(true);
      if (m.fraction) {
        expect(m.fraction.numerator).toBeLessThanOrEqual(m.fraction.denominator);
      }
    }
  });

  test("a CORS filter gives '*' alone among origins and methods, lists nothing twice and caches preflights for at least 1s", () => {
    for (const cors of filtersOf().flat().filter(f => f.type === 'CORS').map(f => f.cors)) {
      for (const list of ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders']) {
        const values: string[] = cors[list] ?? [];
        expect(new Set(values).size).toBe(values.length);
        if (list === 'allowOrigins' || list === 'allowMethods') {
          expect(values.includes('*') && values.length > 1).toBe(false);
        }
      }
      expect(cors.maxAge).toBeGreaterThanOrEqual(1);
    }
  });

  test('a header filter names each header once, in one of set, add and remove', () => {
    const headerFilters = filtersOf().flat().map(f => f.requestHeaderModifier ?? f.responseHeaderModifier).filter(h => h !== undefined);
    expect(headerFilters.length).toBeGreaterThanOrEqual(3);
    for (const h of headerFilters) {
      const names = [...(h.set ?? []).map((x: any) => x.name), ...(h.add ?? []).map((x: any) => x.name), ...h.remove ?? []].map(n => n.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });

  test('parentRefs to the same parent carry distinct sectionNames, or ports for a Service', () => {
    for (const route of [...routes(), ...tlsRoutes()]) {
      const parents = route.spec.parentRefs as any[];
      expect(parents.length).toBeLessThanOrEqual(32);
      const key = (p: any) => [p.group, p.kind, p.namespace ?? '', p.name].join('|');
      for (const p of parents) {
        const same = parents.filter(q => key(q) === key(p));
        if (same.length > 1) {
          const sections = same.map(q => `${q.sectionName ?? ''}|${q.port ?? ''}`);
          expect(same.every(q => q.sectionName !== undefined)).toBe(true);
          expect(new Set(sections).size).toBe(sections.length);
        }
      }
    }
    expect(httpRoute(objects, 'ingress-shop.example.com', 'istio-ingress').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https-shop.example.com', 'http-8080']);
  });

  test('rule names are unique within a route, and a route has at most 128 matches', () => {
    for (const route of routes()) {
      const names = (route.spec.rules as any[]).map(r => r.name).filter(n => n !== undefined);
      expect(new Set(names).size).toBe(names.length);
      expect((route.spec.rules as any[]).reduce((n, r) => n + r.matches.length, 0)).toBeLessThanOrEqual(128);
    }
    expect(httpRoute(objects, 'reviews').spec.rules.map((r: any) => r.name)).toEqual(['old', 'exact', 'moved', 'ratings', 'v2-testers', undefined]);
  });

  test('listeners have unique names and unique port, protocol and hostname; only HTTPS and TLS have tls, TCP has no hostname', () => {
    for (const ls of listeners()) {
      expect(new Set(ls.map(l => l.name)).size).toBe(ls.length);
      expect(new Set(ls.map(l => `${l.port}|${l.protocol}|${l.hostname ?? ''}`)).size).toBe(ls.length);
      for (const l of ls) {
        expect(l.tls !== undefined).toBe(['HTTPS', 'TLS'].includes(l.protocol));
        if (l.protocol === 'TCP') {
          expect(l.hostname).toBeUndefined();
        }
      }
    }
  });

  test('a terminating listener has a certificate, an HTTPS listener terminates', () => {
    const tls = listeners().flat().filter(l => l.tls !== undefined);
    expect(tls.map(l => `${l.protocol} ${l.tls.mode}`)).toEqual(['HTTPS Terminate', 'HTTPS Terminate', 'TLS Passthrough', 'TLS Passthrough']);
    for (const l of tls.filter(x => x.tls.mode === 'Terminate')) {
      expect(l.tls.certificateRefs.length).toBeGreaterThan(0);
    }
  });

  test('a TLSRoute has 1 to 16 host names (no IPs, a wildcard only as the first label) and exactly one rule with backends', () => {
    for (const route of tlsRoutes()) {
      expect(route.spec.hostnames.length).toBeGreaterThanOrEqual(1);
      expect(route.spec.hostnames.length).toBeLessThanOrEqual(16);
      for (const h of route.spec.hostnames) {
        expect(h).toMatch(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
        expect(h).not.toMatch(/^[0-9.]+$/);
      }
      expect(route.spec.rules).toHaveLength(1);
      expect(route.spec.rules[0].backendRefs.length).toBeGreaterThanOrEqual(1);
    }
  });

  test('a ReferenceGrant lists 1 to 16 referrers and 1 to 16 Services', () => {
    for (const grant of findAll(objects, 'ReferenceGrant')) {
      for (const list of [grant.spec.from, grant.spec.to]) {
        expect(list.length).toBeGreaterThanOrEqual(1);
        expect(list.length).toBeLessThanOrEqual(16);
      }
    }
  });
});
