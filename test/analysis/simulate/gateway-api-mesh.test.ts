import { backend, grant, route, service, virtualService } from './gateway-api-fixtures';
import { RoutedBy, RoutingSimulator, SimulatedRequest } from '../../../src/analysis/simulate/facade';
import { simulateGatewayApi } from '../../../src/analysis/simulate/gateway-api';
import { normalizeRequest } from '../../../src/analysis/simulate/normalize';
import { buildWorld } from '../../../src/analysis/simulate/world';

const REVIEWS = 'reviews.default.svc.cluster.local';
const services = ['reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'].map(n => service(n));
const simulate = (manifests: any[], request: SimulatedRequest) => RoutingSimulator.of(manifests).route(request);
const shares = (manifests: any[], request: SimulatedRequest) => simulate(manifests, request).destinations.map(d => [d.service ?? d.host, d.weight]);
/** The Gateway API part's own answer (the Istio part's caveats aside). */
function gatewayApiAnswer(manifests: any[], request: SimulatedRequest) {
  const world = buildWorld(manifests);
  return simulateGatewayApi(world, normalizeRequest(world, request));
}

describe('backends and weights', () => {
  test('weights 1:1:2 are shares of 25, 25 and 50 percent', () => {
    // GIVEN
    const manifests = [...services, route('reviews', [{ backendRefs: [backend('reviews-v1', 80, 1), backend('reviews-v2', 80, 1), backend('reviews-v3', 80, 2)] }])];
    // WHEN / THEN
    expect(shares(manifests, { host: 'reviews' })).toEqual([['default/reviews-v1', 25], ['default/reviews-v2', 25], ['default/reviews-v3', 50]]);
  });

  test('a backend without weight weighs 1; a backend of weight 0 gets nothing and is left out', () => {
    const manifests = [...services, route('reviews', [{ backendRefs: [backend('reviews-v1'), backend('reviews-v2', 80, 0), backend('reviews-v3', 80, 3)] }])];
    expect(shares(manifests, { host: 'reviews' })).toEqual([['default/reviews-v1', 25], ['default/reviews-v3', 75]]);
  });

  test('a single backend gets every request whatever its weight', () => {
    const manifests = [...services, route('reviews', [{ backendRefs: [backend('reviews-v2', 80, 7)] }])];
    const answer = simulate(manifests, { host: 'reviews' });
    expect(answer.routedBy).toBe(RoutedBy.HTTP_ROUTE);
    expect(answer.rule).toEqual({ kind: 'HTTPRoute', namespace: 'default', name: 'reviews', index: 0 });
    expect(answer.destinations).toEqual([{
      host: 'reviews-v2.default.svc.cluster.local', service: 'default/reviews-v2', labels: { app: 'reviews-v2' }, port: 80, weight: 100,
    }]);
  });

  test('a rule whose backends all weigh 0 answers 500; a rule without backends 404', () => {
    const zero = simulate([...services, route('reviews', [{ backendRefs: [backend('reviews-v1', 80, 0)] }])], { host: 'reviews' });
    expect([zero.status, zero.destinations, zero.caveats]).toEqual([500, [], ['every backendRef of the rule has weight 0: Istio answers 500']]);
    const none = simulate([...services, route('reviews', [{ matches: [{ path: { type: 'Exact', value: '/x' } }] }])], { host: 'reviews', path: '/x' });
    expect([none.status, none.destinations, none.caveats]).toEqual([404, [], ['the rule has no backendRefs: Istio answers 404']]);
  });

  test('a missing backend Service answers 500; of two, its share answers 500', () => {
    // GIVEN
    const missing = [...services, route('reviews', [{ backendRefs: [backend('nope')] }])];
    const half = [...services, route('reviews', [{ backendRefs: [backend('nope'), backend('reviews-v1')] }])];
    // WHEN
    const all = simulate(missing, { host: 'reviews' });
    const some = simulate(half, { host: 'reviews' });
    // THEN
    expect([all.status, all.destinations]).toEqual([500, []]);
    expect(all.caveats).toEqual(['100% of the requests go to an invalid backend, which Istio answers with 500: backend(nope.default.svc.cluster.local) not found']);
    expect(some.status).toBeUndefined();
    expect(some.destinations.map(d => [d.host, d.service, d.weight])).toEqual([
      ['nope.default.svc.cluster.local', undefined, 50], ['reviews-v1.default.svc.cluster.local', 'default/reviews-v1', 50],
    ]);
    expect(some.caveats).toEqual(['50% of the requests go to an invalid backend, which Istio answers with 500: backend(nope.default.svc.cluster.local) not found']);
  });

  test('a mesh route may send to a Service of another namespace without a ReferenceGrant (Istio asks for none in the mesh)', () => {
    const manifests = [...services, service('ratings', 'other'), route('reviews', [{ backendRefs: [backend('ratings', 80, 1, 'other')] }])];
    expect(shares(manifests, { host: 'reviews' })).toEqual([['other/ratings', 100]]);
  });

  test('a backendRef without port makes Istio drop the whole route: the Istio part routes the host, and is told why', () => {
    // GIVEN
    const manifests = [...services, route('reviews', [{ backendRefs: [{ name: 'reviews-v1' }] }])];
    // WHEN
    const answer = gatewayApiAnswer(manifests, { host: 'reviews' });
    // THEN
    expect(answer.route).toBeUndefined();
    expect(answer.caveats).toEqual(['Istio does not use the HTTPRoute default/reviews: port is required in backendRef']);
    expect(simulate(manifests, { host: 'reviews' }).routedBy).toBe(RoutedBy.DEFAULT);
  });
});

describe('precedence across routes of a Service', () => {
  const prefix = (value: string, to: string) => ({ matches: [{ path: { type: 'PathPrefix', value } }], backendRefs: [backend(to)] });
  const exactly = (value: string, to: string) => ({ matches: [{ path: { type: 'Exact', value } }], backendRefs: [backend(to)] });

  test('the most specific rule of all routes wins, not the first written', () => {
    // GIVEN
    const manifests = [...services, route('a', [prefix('/', 'reviews-v1'), prefix('/foo', 'reviews-v2')]), route('b', [exactly('/foo/bar', 'reviews-v3')])];
    // WHEN / THEN
    expect(shares(manifests, { host: 'reviews', path: '/foo/bar' })).toEqual([['default/reviews-v3', 100]]);
    expect(shares(manifests, { host: 'reviews', path: '/foo/baz' })).toEqual([['default/reviews-v2', 100]]);
    expect(shares(manifests, { host: 'reviews', path: '/foobar' })).toEqual([['default/reviews-v1', 100]]);
    expect(simulate(manifests, { host: 'reviews', path: '/foo/baz' }).rule).toEqual({ kind: 'HTTPRoute', namespace: 'default', name: 'a', index: 1, matchIndex: 0 });
  });

  test('equally specific rules: the older route wins; without creationTimestamps the first by name, with a caveat', () => {
    // GIVEN
    const unknown = [...services, route('b', [prefix('/x', 'reviews-v2')]), route('a', [prefix('/x', 'reviews-v1')])];
    const dated = [...services, route('b', [prefix('/x', 'reviews-v2')], { created: '2024-01-01T00:00:00Z' }),
      route('a', [prefix('/x', 'reviews-v1')], { created: '2025-01-01T00:00:00Z' })];
    // WHEN
    const byName = simulate(unknown, { host: 'reviews', path: '/x' });
    const byAge = simulate(dated, { host: 'reviews', path: '/x' });
    // THEN
    expect(byName.rule?.name).toBe('a');
    expect(byName.caveats).toEqual(['the HTTPRoute default/a and the HTTPRoute default/b match the request equally specifically; '
      + 'Istio takes the older one, and with no creationTimestamp to tell (or equal ones) the first by namespace and name: default/a']);
    expect(byAge.rule?.name).toBe('b');
    expect(byAge.caveats).toEqual([]);
  });

  test('no rule matches: the sidecar answers 404', () => {
    const answer = simulate([...services, route('a', [exactly('/only', 'reviews-v1')])], { host: 'reviews', path: '/other' });
    expect([answer.routedBy, answer.status, answer.caveats]).toEqual([RoutedBy.NONE, 404,
      ['no rule of the Gateway API routes for the host matches the request: the proxy answers 404']]);
  });

  test('a route attached to a Service port applies on that port only', () => {
    // GIVEN
    const two = { ...service('reviews'), spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] } };
    const manifests = [two, ...services.slice(1),
      route('admin', [prefix('/', 'reviews-v2')], { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9000 }] })];
    // WHEN / THEN
    expect(shares(manifests, { host: 'reviews', port: 9000 })).toEqual([['default/reviews-v2', 100]]);
    expect(gatewayApiAnswer(manifests, { host: 'reviews', port: 80 }).route).toBeUndefined();
  });
});

describe('producer and consumer routes', () => {
  const to = (name: string) => [{ backendRefs: [backend(name)] }];
  const producer = route('producer', to('reviews-v1'));
  const consumer = route('consumer', [{ backendRefs: [backend('reviews-v2', 80, 1, 'default')] }], { namespace: 'shop', parentRefs: [{ group: '', kind: 'Service', name: 'reviews', namespace: 'default' }] });

  test('a client takes the routes of its own namespace before the Service\'s namespace\'s', () => {
    // GIVEN
    const manifests = [...services, producer, consumer];
    // WHEN
    const fromShop = simulate(manifests, { host: REVIEWS, source: { namespace: 'shop' } });
    // THEN
    expect(fromShop.rule?.name).toBe('consumer');
    expect(fromShop.caveats).toEqual([`the routes HTTPRoute default/producer also claim ${REVIEWS}; the sidecar uses HTTPRoute shop/consumer only (routes in the client's namespace come first)`]);
    expect(simulate(manifests, { host: REVIEWS, source: { namespace: 'default' } }).rule?.name).toBe('producer');
  });

  test('a route in a third namespace applies to its own clients only', () => {
    const manifests = [...services, consumer];
    expect(gatewayApiAnswer(manifests, { host: REVIEWS, source: { namespace: 'elsewhere' } }).route).toBeUndefined();
    expect(simulate(manifests, { host: REVIEWS, source: { namespace: 'shop' } }).rule?.name).toBe('consumer');
  });
});

describe('a Service routed by both a VirtualService and an HTTPRoute', () => {
  const httpRoute = (created?: string, namespace?: string) => route('reviews', [{ backendRefs: [backend('reviews-v2', 80, 1, 'default')] }],
    { created, namespace, parentRefs: [{ group: '', kind: 'Service', name: 'reviews', namespace: 'default' }] });
  const vs = (created?: string) => virtualService('reviews', ['reviews'], 'reviews-v1', 'default', { metadata: created ? { creationTimestamp: created } : {} });

  const frontend = { namespace: 'frontend' };

  test('for a client of another namespace the older one takes the host: an older VirtualService shadows the HTTPRoute, and the answer says so', () => {
    // GIVEN
    const manifests = [...services, vs('2024-01-01T00:00:00Z'), httpRoute('2025-01-01T00:00:00Z')];
    // WHEN
    const answer = gatewayApiAnswer(manifests, { host: REVIEWS, source: frontend });
    // THEN
    expect(answer.route).toBeUndefined();
    expect(answer.caveats).toEqual([`the Gateway API routes of ${REVIEWS} (HTTPRoute default/reviews) are not used: the VirtualService default/reviews takes the host first (it is older)`]);
    const routed = simulate(manifests, { host: REVIEWS, source: frontend });
    expect([routed.routedBy, routed.destinations.map(d => d.host)]).toEqual([RoutedBy.VIRTUAL_SERVICE, ['reviews-v1.default.svc.cluster.local']]);
    expect(routed.caveats).toContain(answer.caveats[0]);
  });

  test('an older HTTPRoute takes the host, with a caveat naming the VirtualService', () => {
    const answer = simulate([...services, vs('2025-01-01T00:00:00Z'), httpRoute('2024-01-01T00:00:00Z')], { host: REVIEWS, source: frontend });
    expect(answer.routedBy).toBe(RoutedBy.HTTP_ROUTE);
    expect(answer.caveats).toEqual([`the VirtualService default/reviews also claims ${REVIEWS}; the sidecar uses HTTPRoute default/reviews only (it is older)`]);
  });

  test('without creationTimestamps, namespace and name decide: the HTTPRoute\'s VirtualService is named default~<host>', () => {
    // GIVEN
    const named = (name: string) => ({ ...vs(), metadata: { name, namespace: 'default' } });
    // WHEN
    const before = gatewayApiAnswer([...services, named('ab'), httpRoute()], { host: REVIEWS, source: frontend });
    const after = gatewayApiAnswer([...services, named('reviews'), httpRoute()], { host: REVIEWS, source: frontend });
    // THEN
    expect(before.route).toBeUndefined();
    expect(before.caveats).toEqual([`the Gateway API routes of ${REVIEWS} (HTTPRoute default/reviews) are not used: the VirtualService default/ab `
      + 'takes the host first (with no creationTimestamp to tell (or equal ones), the first by namespace and name)']);
    expect(after.route?.caveats).toEqual([`the VirtualService default/reviews also claims ${REVIEWS}; the sidecar uses HTTPRoute default/reviews only `
      + '(with no creationTimestamp to tell (or equal ones), the first by namespace and name)']);
  });

  test('a client in the HTTPRoute\'s namespace takes it before an older VirtualService (Istio favours same-namespace routes)', () => {
    const answer = simulate([...services, vs('2020-01-01T00:00:00Z'), httpRoute('2025-01-01T00:00:00Z')], { host: 'reviews' });
    expect([answer.routedBy, answer.caveats]).toEqual([RoutedBy.HTTP_ROUTE,
      [`the VirtualService default/reviews also claims ${REVIEWS}; the sidecar uses HTTPRoute default/reviews only (routes in the client's namespace come first)`]]);
  });

  test('a consumer HTTPRoute in the client\'s namespace comes before an older VirtualService', () => {
    const answer = simulate([...services, vs('2020-01-01T00:00:00Z'), httpRoute('2025-01-01T00:00:00Z', 'shop')], { host: REVIEWS, source: { namespace: 'shop' } });
    expect([answer.routedBy, answer.rule?.namespace]).toEqual([RoutedBy.HTTP_ROUTE, 'shop']);
  });

  test('a VirtualService for a wildcard host does not compete: the Service\'s exact host is more specific', () => {
    const wildcard = virtualService('all', ['*.default.svc.cluster.local'], 'reviews-v1', 'default', { metadata: { creationTimestamp: '2020-01-01T00:00:00Z' } });
    const answer = simulate([...services, wildcard, httpRoute('2025-01-01T00:00:00Z')], { host: REVIEWS, source: frontend });
    expect([answer.routedBy, answer.caveats]).toEqual([RoutedBy.HTTP_ROUTE, []]);
  });

  test('a VirtualService exported to the client\'s namespace alone comes before any HTTPRoute', () => {
    const priv = virtualService('reviews', ['reviews'], 'reviews-v1', 'default', { spec: { exportTo: ['.'] }, metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } });
    expect(gatewayApiAnswer([...services, priv, httpRoute('2020-01-01T00:00:00Z')], { host: 'reviews' }).route).toBeUndefined();
    expect(gatewayApiAnswer([...services, { ...priv, spec: { ...priv.spec, exportTo: ['*'] } }, httpRoute('2020-01-01T00:00:00Z')], { host: 'reviews' }).route)
      .toBeDefined();
  });
});

describe('filters, timeouts and retries', () => {
  const rule = (extra: any) => [...services, route('reviews', [{ backendRefs: [backend('reviews-v1')], ...extra }])];

  test('a RequestRedirect answers 302 unless it says otherwise, keeping what it does not replace (the host as the client wrote it)', () => {
    // GIVEN
    const plain = rule({ filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'example.com' } }] });
    const moved = rule({
      matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301, path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } }],
    });
    // WHEN
    const a = simulate(plain, { host: 'reviews', path: '/x?y=1' });
    const b = simulate(moved, { host: 'reviews', path: '/old/page' });
    // THEN
    expect([a.status, a.redirect, a.destinations]).toEqual([302, 'http://example.com/x?y=1', []]);
    expect([b.status, b.redirect]).toEqual([301, 'https://reviews/new/page']);
  });

  test('a redirect keeps the request\'s port unless it is the scheme\'s default', () => {
    const two = { ...service('reviews'), spec: { selector: { app: 'reviews' }, ports: [{ port: 9080 }] } };
    const manifests = [two, route('reviews', [{ filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/p' } } }] }])];
    expect(simulate(manifests, { host: 'reviews' }).redirect).toBe('http://reviews:9080/p');
    expect(simulate(manifests, { host: `${REVIEWS}:9080` }).redirect).toBe(`http://${REVIEWS}:9080/p`);
  });

  test('a RequestMirror copies a percent or a fraction of the requests', () => {
    const mirror = (m: any) => ({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v2', port: 80 }, ...m } });
    const answer = simulate(rule({ filters: [mirror({}), mirror({ percent: 10 }), mirror({ fraction: { numerator: 1, denominator: 8 } })] }), { host: 'reviews' });
    expect(answer.mirrors).toEqual([
      { host: 'reviews-v2.default.svc.cluster.local', port: 80, percentage: 100 },
      { host: 'reviews-v2.default.svc.cluster.local', port: 80, percentage: 10 },
      { host: 'reviews-v2.default.svc.cluster.local', port: 80, percentage: 12.5 },
    ]);
  });

  test('a mirror to a missing Service is dropped, the route stays', () => {
    const answer = simulate(rule({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'nope', port: 80 } } }] }), { host: 'reviews' });
    expect([answer.mirrors, answer.destinations.length]).toEqual([undefined, 1]);
    expect(answer.caveats).toEqual(['Istio drops the RequestMirror filter: backend(nope.default.svc.cluster.local) not found']);
  });

  test('timeouts: the request timeout; a backendRequest timeout replaces it without a retry, is the per-try timeout with one', () => {
    expect(simulate(rule({ timeouts: { request: '10s' } }), { host: 'reviews' }).timeout).toBe('10s');
    expect(simulate(rule({ timeouts: { request: '10s', backendRequest: '2s' } }), { host: 'reviews' }).timeout).toBe('2s');
    expect(simulate(rule({ timeouts: { request: '0s' } }), { host: 'reviews' }).timeout).toBeUndefined();
    const retried = simulate(rule({ timeouts: { request: '10s', backendRequest: '2s' }, retry: { attempts: 3, codes: [503, 504] } }), { host: 'reviews' });
    expect([retried.timeout, retried.retries]).toEqual(['10s', { attempts: 3, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503,504', perTryTimeout: '2s' }]);
  });

  test('retries: 2 attempts when retry names none, off at 0, Istio\'s default without retry', () => {
    expect(simulate(rule({ retry: {} }), { host: 'reviews' }).retries).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled' });
    expect(simulate(rule({ retry: { attempts: 0 } }), { host: 'reviews' }).retries).toEqual({ attempts: 0 });
    expect(simulate(rule({}), { host: 'reviews' }).retries?.meshDefault).toBe(true);
  });

  test('an unsupported filter makes Istio drop the route', () => {
    const answer = gatewayApiAnswer(rule({ filters: [{ type: 'ExtensionRef', extensionRef: { group: 'x', kind: 'Y', name: 'z' } }] }), { host: 'reviews' });
    expect(answer).toEqual({ caveats: ['Istio does not use the HTTPRoute default/reviews: unsupported filter type "ExtensionRef"'] });
  });
});

describe('requests HTTPRoutes do not route', () => {
  const manifests = (ports: any[]) => [{ ...service('reviews'), spec: { selector: { app: 'reviews' }, ports } }, ...services.slice(1),
    route('reviews', [{ backendRefs: [backend('reviews-v2')] }])];

  test('a TCP port of the Service is not routed by HTTPRoutes', () => {
    expect(gatewayApiAnswer(manifests([{ name: 'tcp-db', port: 80 }]), { host: 'reviews' })).toEqual({ caveats: [] });
    expect(gatewayApiAnswer(manifests([{ name: 'http-web', port: 80 }]), { host: 'reviews' }).route?.routedBy).toBe(RoutedBy.HTTP_ROUTE);
  });

  test('a client without an Istio proxy is not routed by HTTPRoutes', () => {
    // GIVEN a pod that opts out of injection
    const pod = (inject: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'client', namespace: 'default', annotations: { 'sidecar.istio.io/inject': inject } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    const request = { host: 'reviews', source: { workload: 'default/client' } };
    // WHEN / THEN
    expect(gatewayApiAnswer([...manifests([{ port: 80 }]), pod('false')], request)).toEqual({ caveats: [] });
    expect(simulate([...manifests([{ port: 80 }]), pod('false')], request).routedBy).toBe(RoutedBy.DEFAULT);
  });
});

describe('ServiceEntry parents', () => {
  test('a route attached to a ServiceEntry routes requests to its hosts', () => {
    // GIVEN
    const entry = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'api', namespace: 'default' },
      spec: { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' },
    };
    const manifests = [...services, entry, route('api', [{ backendRefs: [backend('reviews-v1')] }],
      { parentRefs: [{ group: 'networking.istio.io', kind: 'ServiceEntry', name: 'api' }] })];
    // WHEN / THEN
    expect(shares(manifests, { host: 'api.example.com' })).toEqual([['default/reviews-v1', 100]]);
    expect(gatewayApiAnswer(manifests, { host: 'other.example.com' }).route).toBeUndefined();
  });
});

describe('GRPCRoute', () => {
  test('a method match routes that method; another method of the service falls to the service-wide rule', () => {
    // GIVEN
    const manifests = [...services, route('grpc', [
      { matches: [{ method: { service: 'shop.Reviews' } }], backendRefs: [backend('reviews-v1')] },
      { matches: [{ method: { service: 'shop.Reviews', method: 'Get' } }], backendRefs: [backend('reviews-v2')] },
    ], { kind: 'GRPCRoute' })];
    // WHEN / THEN
    expect(shares(manifests, { host: 'reviews', path: '/shop.Reviews/Get', method: 'POST' })).toEqual([['default/reviews-v2', 100]]);
    expect(shares(manifests, { host: 'reviews', path: '/shop.Reviews/List', method: 'POST' })).toEqual([['default/reviews-v1', 100]]);
    expect(simulate(manifests, { host: 'reviews', path: '/shop.Reviews/Get' }).routedBy).toBe(RoutedBy.GRPC_ROUTE);
  });

  test('a GRPCRoute rule without backends answers 500', () => {
    expect(simulate([...services, route('grpc', [{}], { kind: 'GRPCRoute' })], { host: 'reviews', path: '/a/b' }).status).toBe(500);
  });
});

test('a cross-namespace grant is not needed in the mesh, but a Gateway route needs it (see gateway-api-gateway.test.ts)', () => {
  const manifests = [...services, service('ratings', 'other'), grant('other', 'elsewhere'), route('reviews', [{ backendRefs: [backend('ratings', 80, 1, 'other')] }])];
  expect(simulate(manifests, { host: 'reviews' }).destinations.map(d => d.service)).toEqual(['other/ratings']);
});
