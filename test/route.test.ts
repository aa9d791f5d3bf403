import { Chart, Duration } from 'cdk8s';
import { Canary, CanaryTesters, HttpRouteOptions, Mesh, MeshService, Protocol, RetryOn, StringMatch } from '../src';
import { reviewsMesh } from './util/reviews-mesh';
import { exactly, findObject, synthErrors, synthValid } from './util/validate';

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

const REVIEWS = '[test/mesh/reviews]';
const DEFAULT_ROUTE = { route: [{ destination: { host: 'reviews', subset: 'v1' } }] };

/** A mesh with `reviews` (HTTP port 9080, versions v1–v3; v1 is the default). */
function setup() {
  const { app, chart, mesh, reviews } = reviewsMesh(['v1', 'v2', 'v3']);
  return { app, chart, mesh, reviews };
}

interface ServiceOptions {
  readonly namespace?: string;
  readonly protocol?: Protocol;
  readonly port?: number;
  readonly versions?: string[];
}

/** A one-port service (HTTP 9080 unless told) with versions (v1 unless told). */
function addService(mesh: Mesh, name: string, options: ServiceOptions = {}): MeshService {
  return mesh.addService(name, {
    namespace: options.namespace,
    ports: [{ port: options.port ?? 9080, protocol: options.protocol }],
    versions: (options.versions ?? ['v1']).map(v => ({ name: v, image: `example/${name}:${v}` })),
  });
}

/** Synthesizes with schema validation and returns the spec of a VirtualService. */
async function virtualService(chart: Chart, name = 'reviews', namespace?: string): Promise<any> {
  return findObject(await synthValid(chart), 'VirtualService', name, namespace).spec;
}

async function httpRoutes(chart: Chart, name = 'reviews', namespace?: string): Promise<any[]> {
  return (await virtualService(chart, name, namespace)).http;
}

/* ------------------------------------------------------------------ */
/* HTTP matches                                                        */
/* ------------------------------------------------------------------ */

describe('HTTP matches', () => {
  test('uri exact, prefix and regex matches render as Istio string matches', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'exact', matches: [{ uri: StringMatch.exact('/health') }], destinations: [{ version: 'v1' }] });
    reviews.addRoute({ name: 'prefix', matches: [{ uri: StringMatch.prefix('/api/') }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'regex', matches: [{ uri: StringMatch.regex('^/users/[0-9]+$') }], destinations: [{ version: 'v3' }] });
    // THEN
    expect((await httpRoutes(chart)).map(r => r.match)).toEqual([
      [{ uri: { exact: '/health' } }],
      [{ uri: { prefix: '/api/' } }],
      [{ uri: { regex: '^/users/[0-9]+$' } }],
      undefined,
    ]);
  });

  test('ignoreUriCase renders next to the uri', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/API'), ignoreUriCase: true }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ uri: { prefix: '/API' }, ignoreUriCase: true }]);
  });

  test('header matches render exact, prefix and regex, and present() renders {}', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        headers: {
          'end-user': StringMatch.exact('jason'),
          'x-team': StringMatch.prefix('pay'),
          'user-agent': StringMatch.regex('.*Mobile.*'),
          'x-debug': StringMatch.present(),
        },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      headers: {
        'end-user': { exact: 'jason' },
        'x-team': { prefix: 'pay' },
        'user-agent': { regex: '.*Mobile.*' },
        'x-debug': {},
      },
    }]);
  });

  test('withoutHeaders renders; present() there means the header must be absent', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ withoutHeaders: { 'x-canary': StringMatch.present(), 'x-env': StringMatch.exact('test') } }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ withoutHeaders: { 'x-canary': {}, 'x-env': { exact: 'test' } } }]);
  });

  test('query parameter matches render, present() included', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        queryParams: {
          debug: StringMatch.exact('1'),
          lang: StringMatch.prefix('en'),
          id: StringMatch.regex('^[0-9]+$'),
          trace: StringMatch.present(),
        },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      queryParams: { debug: { exact: '1' }, lang: { prefix: 'en' }, id: { regex: '^[0-9]+$' }, trace: {} },
    }]);
  });

  test('method, authority and scheme matches render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ method: StringMatch.exact('GET'), authority: StringMatch.prefix('reviews'), scheme: StringMatch.regex('^https?$') }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      method: { exact: 'GET' }, authority: { prefix: 'reviews' }, scheme: { regex: '^https?$' },
    }]);
  });

  test('port, source labels, source namespace and gateways render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        port: 9080,
        sourceLabels: { app: 'productpage', version: 'v1' },
        sourceNamespace: 'default',
        gateways: ['mesh'],
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      port: 9080, sourceLabels: { app: 'productpage', version: 'v1' }, sourceNamespace: 'default', gateways: ['mesh'],
    }]);
  });

  test("a service's VirtualService serves sidecars: its matches may name the 'mesh' gateway", async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ gateways: ['mesh'], uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ gateways: ['mesh'], uri: { prefix: '/a' } }]);
  });

  test('conditions given in one match are ANDed: they render in a single match entry', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        uri: StringMatch.prefix('/reviews'),
        method: StringMatch.exact('POST'),
        headers: { 'end-user': StringMatch.exact('jason') },
        queryParams: { beta: StringMatch.exact('1') },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    const match = (await httpRoutes(chart))[0].match;
    expect(match).toHaveLength(1);
    expect(match[0]).toEqual({
      uri: { prefix: '/reviews' },
      method: { exact: 'POST' },
      headers: { 'end-user': { exact: 'jason' } },
      queryParams: { beta: { exact: '1' } },
    });
  });

  test('several matches are ORed: one match entry each, in the order given', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'beta-users',
      matches: [
        { name: 'jason', headers: { 'end-user': StringMatch.exact('jason') } },
        { uri: StringMatch.prefix('/beta') },
        { queryParams: { beta: StringMatch.exact('1') } },
      ],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toEqual({
      name: 'beta-users',
      match: [
        { name: 'jason', headers: { 'end-user': { exact: 'jason' } } },
        { uri: { prefix: '/beta' } },
        { queryParams: { beta: { exact: '1' } } },
      ],
      route: [{ destination: { host: 'reviews', subset: 'v2' } }],
    });
  });

  test('RE2-only regex syntax is accepted', () => {
    // GIVEN / WHEN / THEN
    expect(StringMatch.regex('(?i)^bearer .+').value).toBe('(?i)^bearer .+');
    expect(() => StringMatch.regex('(?i:abc)def')).not.toThrow();
    expect(() => StringMatch.regex('(?P<id>[0-9]+)')).not.toThrow();
    expect(() => StringMatch.regex('\\Q(a.b)\\E')).not.toThrow();
    expect(() => StringMatch.regex('a{1000}')).not.toThrow();
    expect(() => StringMatch.regex('(?-i)abc')).not.toThrow();
    expect(() => StringMatch.regex('\\Qa.b(')).not.toThrow();
    expect(() => StringMatch.regex('[]a]')).not.toThrow();
    expect(() => StringMatch.regex('[^]a]')).not.toThrow();
    expect(() => StringMatch.regex('[(?=x)]')).not.toThrow();
    expect(() => StringMatch.regex('(?)')).not.toThrow();
    expect(() => StringMatch.regex('\\p{greek}+')).not.toThrow();
    expect(() => StringMatch.regex('x'.repeat(1024))).not.toThrow();
  });

  test('string matches expose their kind and value', () => {
    expect([StringMatch.exact('a'), StringMatch.prefix('b'), StringMatch.regex('c+'), StringMatch.present()].map(m => [m.kind, m.value]))
      .toEqual([['exact', 'a'], ['prefix', 'b'], ['regex', 'c+'], ['present', '']]);
  });
});

/* ------------------------------------------------------------------ */
/* destinations                                                        */
/* ------------------------------------------------------------------ */

describe('destinations', () => {
  test('weighted destinations to versions of the same service render subsets and weights', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/'), headers: { 'end-user': StringMatch.present() } }],
      destinations: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 30 }, { version: 'v3', weight: 20 }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 30 },
      { destination: { host: 'reviews', subset: 'v3' }, weight: 20 },
    ]);
  });

  test('a single destination renders no weight, also when it is given as 100', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2', weight: 100 }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v3' }] });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].route).toEqual([{ destination: { host: 'reviews', subset: 'v2' } }]);
    expect(http[1].route).toEqual([{ destination: { host: 'reviews', subset: 'v3' } }]);
  });

  test('a destination without a version sends to all pods of the host', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/any') }], destinations: [{}] });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([{ destination: { host: 'reviews' } }]);
  });

  test('a weight of 0 is allowed among several destinations', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/dark') }], destinations: [{ version: 'v1', weight: 100 }, { version: 'v2', weight: 0 }] });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 100 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 0 },
    ]);
  });

  test('weighted destinations can mix versions and other services', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const reviews2 = addService(mesh, 'reviews-next', { versions: ['v1', 'v2'] });
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/next') }],
      destinations: [{ version: 'v1', weight: 90 }, { host: reviews2, version: 'v2', weight: 10 }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
      { destination: { host: 'reviews-next', subset: 'v2' }, weight: 10 },
    ]);
  });

  test('another service in the same namespace is named by its short name', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const ratings = addService(mesh, 'ratings');
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/ratings') }], destinations: [{ host: ratings, version: 'v1' }] });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([{ destination: { host: 'ratings', subset: 'v1' } }]);
  });

  test('a service in another namespace is named by its FQDN, in both directions', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const ratings = addService(mesh, 'ratings', { namespace: 'data' });
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/ratings') }], destinations: [{ host: ratings, version: 'v1' }] });
    ratings.addRoute({ matches: [{ uri: StringMatch.prefix('/reviews') }], destinations: [{ host: reviews, version: 'v3' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'reviews', 'default').spec.http[0].route)
      .toEqual([{ destination: { host: 'ratings.data.svc.cluster.local', subset: 'v1' } }]);
    expect(findObject(objects, 'VirtualService', 'ratings', 'data').spec.http[0].route)
      .toEqual([{ destination: { host: 'reviews.default.svc.cluster.local', subset: 'v3' } }]);
  });

  test('a service whose name exists in two namespaces is named by its FQDN even from its own namespace', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    addService(mesh, 'reviews', { namespace: 'staging' });
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/v2') }], destinations: [{ version: 'v2' }] });
    // THEN
    const vs = await virtualService(chart, 'reviews', 'default');
    expect(vs.hosts).toEqual(['reviews.default.svc.cluster.local']);
    expect(vs.http[0].route).toEqual([{ destination: { host: 'reviews.default.svc.cluster.local', subset: 'v2' } }]);
  });

  test('an external service is named by its first host', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const httpbin = mesh.addExternalService('httpbin', { hosts: ['httpbin.org'], ports: [{ number: 80, protocol: Protocol.HTTP }] });
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/external') }],
      destinations: [{ version: 'v1', weight: 80 }, { host: httpbin, port: 80, weight: 20 }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
      { destination: { host: 'httpbin.org', port: { number: 80 } }, weight: 20 },
    ]);
  });

  test('a destination port renders as port.number', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addService('api', {
      ports: [{ port: 8080 }, { port: 9090 }],
      versions: [{ name: 'v1', image: 'api:1' }],
    });
    // WHEN
    api.addRoute({ matches: [{ port: 8080, uri: StringMatch.prefix('/admin') }], destinations: [{ version: 'v1', port: 9090 }] });
    // THEN
    expect((await httpRoutes(chart, 'api'))[0].route).toEqual([{ destination: { host: 'api', subset: 'v1', port: { number: 9090 } } }]);
  });
});

/* ------------------------------------------------------------------ */
/* order and the default route                                         */
/* ------------------------------------------------------------------ */

describe('route order and the default route', () => {
  test('a route without destinations goes to the default version', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'slow', matches: [{ uri: StringMatch.prefix('/slow') }], timeout: Duration.seconds(10) });
    // THEN
    expect(await httpRoutes(chart)).toEqual([
      { name: 'slow', match: [{ uri: { prefix: '/slow' } }], route: [{ destination: { host: 'reviews', subset: 'v1' } }], timeout: '10s' },
      DEFAULT_ROUTE,
    ]);
  });

  test('a route without destinations follows a declared default version', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const details = mesh.addService('details', {
      ports: [{ port: 9080 }],
      defaultVersion: 'v2',
      versions: [{ name: 'v1', image: 'd:1' }, { name: 'v2', image: 'd:2' }],
    });
    // WHEN
    details.addRoute({ matches: [{ uri: StringMatch.prefix('/slow') }], timeout: Duration.seconds(3) });
    // THEN
    expect((await httpRoutes(chart, 'details'))[0].route).toEqual([{ destination: { host: 'details', subset: 'v2' } }]);
  });

  test('routes come before the default route, in the order they were added', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'beta', matches: [{ uri: StringMatch.prefix('/beta') }], destinations: [{ version: 'v3' }] });
    // THEN
    const http = await httpRoutes(chart);
    expect(http.map(r => r.name)).toEqual(['jason', 'beta', undefined]);
    expect(http[2]).toEqual(DEFAULT_ROUTE);
  });

  test('a catch-all as last route replaces the default route', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'split', destinations: [{ version: 'v1', weight: 90 }, { version: 'v3', weight: 10 }] });
    // THEN
    expect(await httpRoutes(chart)).toEqual([
      { name: 'jason', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      {
        name: 'split',
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
        ],
      },
    ]);
  });

  test('a catch-all without destinations takes over the default route with its policies', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ retries: { attempts: 2 } });
    // THEN
    expect(await httpRoutes(chart)).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], retries: { attempts: 2 } }]);
  });

  test.each([
    ['prefix /', { uri: StringMatch.prefix('/') }, { uri: { prefix: '/' } }],
    ['regex .*', { uri: StringMatch.regex('.*') }, { uri: { regex: '.*' } }],
    ['an empty match', {}, {}],
    ['prefix / with ignoreUriCase and a name', { name: 'all', uri: StringMatch.prefix('/'), ignoreUriCase: true }, { name: 'all', uri: { prefix: '/' }, ignoreUriCase: true }],
  ])('%s alone counts as a catch-all', async (_, match, rendered) => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [match], destinations: [{ version: 'v3' }] });
    // THEN
    expect(await httpRoutes(chart)).toEqual([{ match: [rendered], route: [{ destination: { host: 'reviews', subset: 'v3' } }] }]);
  });

  test('a catch-all among several matches makes the route a catch-all', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }, { uri: StringMatch.prefix('/') }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(await httpRoutes(chart)).toHaveLength(1);
  });

  test('prefix / with another condition is not a catch-all: the default route stays', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/'), headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/'), sourceNamespace: 'default' }], destinations: [{ version: 'v3' }] });
    // THEN
    const http = await httpRoutes(chart);
    expect(http).toHaveLength(3);
    expect(http[2]).toEqual(DEFAULT_ROUTE);
  });

  test('a route after a catch-all fails at synth', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'everything', matches: [{ uri: StringMatch.prefix('/') }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/beta') }], destinations: [{ version: 'v3' }] });
    // THEN
    expect(synthErrors(chart)).toContain(`${REVIEWS} routes[1] is unreachable: routes[0] 'everything' before it matches every request; put more specific routes first`);
  });

  test('every route after a catch-all is reported', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'a', matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v3' }] });
    reviews.addRoute({ name: 'b', matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v3' }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain(`${REVIEWS} routes[1] 'a' is unreachable: routes[0] before it matches every request; put more specific routes first`);
    expect(message).toContain(`${REVIEWS} routes[2] 'b' is unreachable: routes[0] before it matches every request; put more specific routes first`);
  });

  test('addRoute, addTcpRoute and addTlsRoute return the route with its kind, position and name', () => {
    // GIVEN
    const { mesh, reviews } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    // WHEN
    const first = reviews.addRoute({ name: 'first', matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2' }] });
    const second = reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v3' }] });
    const tcp = db.addTcpRoute({ destinations: [{ version: 'v1' }] });
    const tls = secure.addTlsRoute({ matches: [{ sniHosts: ['secure'] }], destinations: [{ version: 'v1' }] });
    // THEN
    expect([first, second, tcp, tls].map(r => [r.kind, r.index, r.name])).toEqual([
      ['http', 0, 'first'], ['http', 1, undefined], ['tcp', 0, undefined], ['tls', 0, undefined],
    ]);
  });
});

/* ------------------------------------------------------------------ */
/* route policies                                                      */
/* ------------------------------------------------------------------ */

describe('route policies', () => {
  test.each([
    [Duration.millis(1), '1ms'],
    [Duration.millis(250), '250ms'],
    [Duration.millis(1500), '1500ms'],
    [Duration.seconds(5), '5s'],
    [Duration.minutes(2), '2m'],
    [Duration.hours(1), '1h'],
  ])('a timeout of %p renders as %p', async (timeout, rendered) => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ version: 'v2' }], timeout });
    // THEN
    expect((await httpRoutes(chart))[0].timeout).toBe(rendered);
  });

  test('retries render attempts, perTryTimeout, retryOn joined with commas, and remote localities', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      retries: {
        attempts: 3,
        perTryTimeout: Duration.millis(250),
        retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM],
        retryRemoteLocalities: true,
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].retries).toEqual({
      attempts: 3, perTryTimeout: '250ms', retryOn: 'gateway-error,connect-failure,refused-stream', retryRemoteLocalities: true,
    });
  });

  test('a single retryOn condition renders without a comma; attempts 0 disables retries', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2' }], retries: { attempts: 2, retryOn: [RetryOn.FIVE_XX] } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v2' }], retries: { attempts: 0 } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].retries).toEqual({ attempts: 2, retryOn: '5xx' });
    expect(http[1].retries).toEqual({ attempts: 0 });
  });

  test('a delay fault renders its fixed delay and percentage', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 10 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0].fault).toEqual({ delay: { fixedDelay: '7s', percentage: { value: 10 } } });
  });

  test('fault percentages default to 100', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/a') }],
      destinations: [{ version: 'v2' }],
      fault: { abort: { httpStatus: 503 } },
    });
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/b') }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.millis(250) } },
    });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 100 } } });
    expect(http[1].fault).toEqual({ delay: { fixedDelay: '250ms', percentage: { value: 100 } } });
  });

  test('a fault can delay and abort, with fractional percentages', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/chaos') }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.millis(1500), percentage: 0.5 }, abort: { httpStatus: 500, percentage: 12.25 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0].fault).toEqual({
      delay: { fixedDelay: '1500ms', percentage: { value: 0.5 } },
      abort: { httpStatus: 500, percentage: { value: 12.25 } },
    });
  });

  test('a mirror renders its destination and percentage', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1' }],
      mirror: { destination: { version: 'v2' }, percentage: 25 },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toMatchObject({
      route: [{ destination: { host: 'reviews', subset: 'v1' } }],
      mirror: { host: 'reviews', subset: 'v2' },
      mirrorPercentage: { value: 25 },
    });
  });

  test('a mirror to another service and port mirrors 100% by default', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const shadow = addService(mesh, 'shadow', { namespace: 'test', port: 8080 });
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1' }],
      mirror: { destination: { host: shadow, version: 'v1', port: 8080 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toMatchObject({
      mirror: { host: 'shadow.test.svc.cluster.local', subset: 'v1', port: { number: 8080 } },
      mirrorPercentage: { value: 100 },
    });
  });

  test('a rewrite renders uri and authority', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/v1/') }],
      destinations: [{ version: 'v2' }],
      rewrite: { uri: '/v2/', authority: 'reviews-v2.internal' },
    });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/old/') }], destinations: [{ version: 'v2' }], rewrite: { uri: '/' } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].rewrite).toEqual({ uri: '/v2/', authority: 'reviews-v2.internal' });
    expect(http[1].rewrite).toEqual({ uri: '/' });
  });

  test('a redirect renders every field and no route', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'moved',
      matches: [{ uri: StringMatch.exact('/old') }],
      redirect: { uri: '/new', authority: 'new.example.com', port: 8443, scheme: 'https', redirectCode: 308 },
    });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0]).toEqual({
      name: 'moved',
      match: [{ uri: { exact: '/old' } }],
      redirect: { uri: '/new', authority: 'new.example.com', port: 8443, scheme: 'https', redirectCode: 308 },
    });
    expect(http[1]).toEqual(DEFAULT_ROUTE);
  });

  test('a redirect with only a scheme or only a port is enough', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ scheme: StringMatch.exact('http') }], redirect: { scheme: 'https' } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/plain') }], redirect: { port: 9080 } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].redirect).toEqual({ scheme: 'https' });
    expect(http[1].redirect).toEqual({ port: 9080 });
  });

  test('request and response header operations render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      headers: {
        request: { set: { 'x-version': 'v2', 'host': 'reviews-v2' }, add: { 'x-forwarded-by': '%HOSTNAME%' }, remove: ['x-debug'] },
        response: { set: { 'cache-control': 'no-store' }, add: { 'x-discount': '100%%' }, remove: ['server', 'x-envoy-upstream-service-time'] },
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].headers).toEqual({
      request: { set: { 'x-version': 'v2', 'host': 'reviews-v2' }, add: { 'x-forwarded-by': '%HOSTNAME%' }, remove: ['x-debug'] },
      response: { set: { 'cache-control': 'no-store' }, add: { 'x-discount': '100%%' }, remove: ['server', 'x-envoy-upstream-service-time'] },
    });
  });

  test('a CORS policy renders every field', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://example.com'), StringMatch.regex('https://.*\\.example\\.org')],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.hours(24),
        allowCredentials: true,
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://example.com' }, { regex: 'https://.*\\.example\\.org' }],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['x-request-id'],
      maxAge: '24h',
      allowCredentials: true,
    });
  });

  test('every policy on one route renders together', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'full',
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1', weight: 75 }, { version: 'v2', weight: 25 }],
      timeout: Duration.seconds(5),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.FIVE_XX, RetryOn.RESET] },
      fault: { delay: { fixedDelay: Duration.millis(100), percentage: 1 } },
      mirror: { destination: { version: 'v3' }, percentage: 5 },
      rewrite: { uri: '/' },
      headers: { request: { set: { 'x-api': '1' } } },
      corsPolicy: { allowOrigins: [StringMatch.prefix('https://')], maxAge: Duration.seconds(60) },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toEqual({
      name: 'full',
      match: [{ uri: { prefix: '/api' } }],
      route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
        { destination: { host: 'reviews', subset: 'v2' }, weight: 25 },
      ],
      timeout: '5s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
      fault: { delay: { fixedDelay: '100ms', percentage: { value: 1 } } },
      mirror: { host: 'reviews', subset: 'v3' },
      mirrorPercentage: { value: 5 },
      rewrite: { uri: '/' },
      headers: { request: { set: { 'x-api': '1' } } },
      corsPolicy: { allowOrigins: [{ prefix: 'https://' }], maxAge: '1m' },
    });
  });
});

/* ------------------------------------------------------------------ */
/* TCP and TLS routes                                                  */
/* ------------------------------------------------------------------ */

describe('TCP routes', () => {
  test('a TCP route renders before the default TCP route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const mongo = addService(mesh, 'mongo', { protocol: Protocol.MONGO, port: 27017, versions: ['v1', 'v2'] });
    // WHEN
    mongo.addTcpRoute({ matches: [{ port: 27017, sourceLabels: { app: 'reports' } }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(await virtualService(chart, 'mongo')).toEqual({
      hosts: ['mongo'],
      tcp: [
        { match: [{ port: 27017, sourceLabels: { app: 'reports' } }], route: [{ destination: { host: 'mongo', subset: 'v2' } }] },
        { route: [{ destination: { host: 'mongo', subset: 'v1' } }] },
      ],
    });
  });

  test('TCP matches render destination subnets, source namespace and gateways; several matches are ORed', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({
      matches: [
        { destinationSubnets: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'], sourceNamespace: 'reports' },
        { gateways: ['mesh'], sourceLabels: { app: 'reports' } },
      ],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await virtualService(chart, 'db')).tcp[0].match).toEqual([
      { destinationSubnets: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'], sourceNamespace: 'reports' },
      { gateways: ['mesh'], sourceLabels: { app: 'reports' } },
    ]);
  });

  test('a weighted TCP catch-all replaces the default TCP route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ destinations: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp).toEqual([{
      route: [
        { destination: { host: 'db', subset: 'v1' }, weight: 80 },
        { destination: { host: 'db', subset: 'v2' }, weight: 20 },
      ],
    }]);
  });

  test('a TCP match whose conditions are all empty counts as a catch-all', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ matches: [{ destinationSubnets: [], sourceLabels: {} }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp).toHaveLength(1);
  });

  test('a TCP route can send to an external service port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1'] });
    const legacy = mesh.addExternalService('legacy-db', {
      hosts: ['db.legacy.example.com'],
      addresses: ['10.10.0.5'],
      ports: [{ number: 5432, protocol: Protocol.TCP }],
    });
    // WHEN
    db.addTcpRoute({ matches: [{ sourceLabels: { app: 'migrator' } }], destinations: [{ host: legacy, port: 5432 }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp[0].route).toEqual([{ destination: { host: 'db.legacy.example.com', port: { number: 5432 } } }]);
  });

  test('a TCP route after a TCP catch-all fails at synth', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ destinations: [{ version: 'v1' }] });
    db.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(synthErrors(chart)).toContain('[test/mesh/db] tcpRoutes[1] is unreachable: tcpRoutes[0] before it matches every connection; put more specific routes first');
  });
});

describe('TLS routes', () => {
  test('a TLS route on an HTTPS port renders before the default SNI route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443, versions: ['v1', 'v2'] });
    // WHEN
    secure.addTlsRoute({ matches: [{ sniHosts: ['secure'], port: 443, sourceLabels: { app: 'beta-client' } }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(await virtualService(chart, 'secure')).toEqual({
      hosts: ['secure'],
      tls: [
        { match: [{ port: 443, sourceLabels: { app: 'beta-client' }, sniHosts: ['secure'] }], route: [{ destination: { host: 'secure', subset: 'v2' } }] },
        { match: [{ port: 443, sniHosts: ['secure'] }], route: [{ destination: { host: 'secure', subset: 'v1' } }] },
      ],
    });
  });

  test('a weighted TLS route on a TLS port renders every match condition', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const broker = addService(mesh, 'broker', { protocol: Protocol.TLS, port: 9093, versions: ['v1', 'v2'] });
    // WHEN
    broker.addTlsRoute({
      matches: [{ sniHosts: ['broker'], destinationSubnets: ['10.0.0.0/16'], sourceNamespace: 'jobs', gateways: ['mesh'] }],
      destinations: [{ version: 'v1', weight: 70 }, { version: 'v2', weight: 30 }],
    });
    // THEN
    expect((await virtualService(chart, 'broker')).tls[0]).toEqual({
      match: [{ destinationSubnets: ['10.0.0.0/16'], sourceNamespace: 'jobs', gateways: ['mesh'], sniHosts: ['broker'] }],
      route: [
        { destination: { host: 'broker', subset: 'v1' }, weight: 70 },
        { destination: { host: 'broker', subset: 'v2' }, weight: 30 },
      ],
    });
  });

  test('a TLS route on an external HTTPS service matches its host', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    api.addTlsRoute({ matches: [{ sniHosts: ['api.example.com'] }], destinations: [{ port: 443 }] });
    // THEN
    expect(await virtualService(chart, 'api')).toEqual({
      hosts: ['api.example.com'],
      tls: [{ match: [{ sniHosts: ['api.example.com'] }], route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }] }],
    });
  });

  test('an SNI host outside the VirtualService host fails at synth', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    // WHEN
    secure.addTlsRoute({ matches: [{ sniHosts: ['secure', 'api.example.com'] }, { sniHosts: ['*.example.com'] }], destinations: [{ version: 'v1' }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain("[test/mesh/secure] tlsRoutes[0]: 'matches[0].sniHosts' entry 'api.example.com' is not within the host 'secure': Istio rejects SNI hosts outside the VirtualService's hosts");
    expect(message).toContain("[test/mesh/secure] tlsRoutes[0]: 'matches[1].sniHosts' entry '*.example.com' is not within the host 'secure': Istio rejects SNI hosts outside the VirtualService's hosts");
    expect(message).not.toContain("entry 'secure'");
  });
});

/* ------------------------------------------------------------------ */
/* boundaries                                                          */
/* ------------------------------------------------------------------ */

describe('boundaries', () => {
  describe('match port (1–65535)', () => {
    test.each([1, 65535])('HTTP, TCP and TLS match port %p is accepted', async (port) => {
      // GIVEN services on that port
      const { chart, mesh } = setup();
      const web = addService(mesh, 'web', { port, versions: ['v1', 'v2'] });
      const db = addService(mesh, 'db', { protocol: Protocol.TCP, port });
      const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port });
      // WHEN
      web.addRoute({ matches: [{ port, sourceNamespace: 'default' }], destinations: [{ version: 'v2' }] });
      db.addTcpRoute({ matches: [{ port }], destinations: [{ version: 'v1' }] });
      secure.addTlsRoute({ matches: [{ port, sniHosts: ['secure'] }], destinations: [{ version: 'v1' }] });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'VirtualService', 'web').spec.http[0].match).toEqual([{ port, sourceNamespace: 'default' }]);
      expect(findObject(objects, 'VirtualService', 'db').spec.tcp[0].match).toEqual([{ port }]);
      expect(findObject(objects, 'VirtualService', 'secure').spec.tls[0].match).toEqual([{ port, sniHosts: ['secure'] }]);
    });

    test.each([0, 65536, 80.5])('HTTP, TCP and TLS match port %p fails', (port) => {
      // GIVEN
      const { mesh, reviews } = setup();
      const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
      const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
      // WHEN / THEN
      expect(() => reviews.addRoute({ matches: [{ port }], destinations: [{ version: 'v2' }] }))
        .toThrow(`${REVIEWS} routes[0]: 'matches[0].port' must be an integer between 1 and 65535, got ${port}`);
      expect(() => db.addTcpRoute({ matches: [{ port }], destinations: [{ version: 'v1' }] }))
        .toThrow(`[test/mesh/db] tcpRoutes[0]: 'matches[0].port' must be an integer between 1 and 65535, got ${port}`);
      expect(() => secure.addTlsRoute({ matches: [{ port, sniHosts: ['secure'] }], destinations: [{ version: 'v1' }] }))
        .toThrow(`[test/mesh/secure] tlsRoutes[0]: 'matches[0].port' must be an integer between 1 and 65535, got ${port}`);
    });

    test('the position of the failing match is named', () => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ matches: [{ port: 80 }, { port: 70000 }], destinations: [{ version: 'v2' }] }))
        .toThrow(`${REVIEWS} routes[0]: 'matches[1].port' must be an integer between 1 and 65535, got 70000`);
    });
  });

  describe('destination weight (0–100)', () => {
    test.each([[0, 100], [100, 0]])('weights %p and %p are accepted', async (a, b) => {
      // GIVEN
      const { chart, reviews } = setup();
      // WHEN
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/w') }], destinations: [{ version: 'v1', weight: a }, { version: 'v2', weight: b }] });
      // THEN
      expect((await httpRoutes(chart))[0].route.map((r: any) => r.weight)).toEqual([a, b]);
    });

    test.each([-1, 101, 12.5])('weight %p fails on HTTP, TCP and TLS routes', (weight) => {
      // GIVEN
      const { mesh, reviews } = setup();
      const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
      const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
      const message = `'destinations[1].weight' must be an integer between 0 and 100, got ${weight}`;
      // WHEN / THEN
      expect(() => reviews.addRoute({ destinations: [{ version: 'v1', weight: 50 }, { version: 'v2', weight }] }))
        .toThrow(`${REVIEWS} routes[0]: ${message}`);
      expect(() => db.addTcpRoute({ destinations: [{ version: 'v1', weight: 50 }, { version: 'v1', weight }] }))
        .toThrow(`[test/mesh/db] tcpRoutes[0]: ${message}`);
      expect(() => secure.addTlsRoute({ matches: [{ sniHosts: ['secure'] }], destinations: [{ version: 'v1', weight: 50 }, { version: 'v1', weight }] }))
        .toThrow(`[test/mesh/secure] tlsRoutes[0]: ${message}`);
    });
  });

  describe('destination port (1–65535)', () => {
    test.each([1, 65535])('port %p is accepted', async (port) => {
      // GIVEN
      const { chart, mesh } = setup();
      const edge = mesh.addService('edge', { ports: [{ port: 1 }, { port: 65535 }], versions: [{ name: 'v1', image: 'e:1' }] });
      // WHEN
      edge.addRoute({ matches: [{ uri: StringMatch.prefix('/p') }], destinations: [{ version: 'v1', port }] });
      // THEN
      expect((await httpRoutes(chart, 'edge'))[0].route).toEqual([{ destination: { host: 'edge', subset: 'v1', port: { number: port } } }]);
    });

    test.each([0, 65536])('port %p fails, also for a mirror', (port) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v1', port }] }))
        .toThrow(`${REVIEWS} routes[0]: 'destinations[0].port' must be an integer between 1 and 65535, got ${port}`);
      expect(() => reviews.addRoute({ destinations: [{ version: 'v1' }], mirror: { destination: { version: 'v2', port } } }))
        .toThrow(`${REVIEWS} routes[0]: 'mirror.destination.port' must be an integer between 1 and 65535, got ${port}`);
    });
  });

  describe('retries.attempts (0–1000)', () => {
    test.each([0, 1000])('attempts %p is accepted', async (attempts) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], destinations: [{ version: 'v2' }], retries: { attempts } });
      expect((await httpRoutes(chart))[0].retries).toEqual({ attempts });
    });

    test.each([-1, 1001, 2.5])('attempts %p fails', (attempts) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], retries: { attempts } }))
        .toThrow(`${REVIEWS} routes[0]: 'retries.attempts' must be an integer between 0 and 1000, got ${attempts}`);
    });
  });

  describe('fault abort httpStatus (200–599)', () => {
    test.each([200, 599])('status %p is accepted', async (httpStatus) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/f') }], destinations: [{ version: 'v2' }], fault: { abort: { httpStatus } } });
      expect((await httpRoutes(chart))[0].fault).toEqual({ abort: { httpStatus, percentage: { value: 100 } } });
    });

    test.each([199, 600, 503.5])('status %p fails', (httpStatus) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], fault: { abort: { httpStatus } } }))
        .toThrow(`${REVIEWS} routes[0]: 'fault.abort.httpStatus' must be an integer between 200 and 599, got ${httpStatus}`);
    });
  });

  describe('percentages (0–100, fractions allowed, at least 0.0001 unless 0)', () => {
    const withPercentage: Array<[string, (p: number) => HttpRouteOptions, (http: any) => unknown]> = [
      ['fault.delay.percentage', p => ({ fault: { delay: { fixedDelay: Duration.seconds(1), percentage: p } } }), h => h.fault.delay.percentage.value],
      ['fault.abort.percentage', p => ({ fault: { abort: { httpStatus: 503, percentage: p } } }), h => h.fault.abort.percentage.value],
      ['mirror.percentage', p => ({ mirror: { destination: { version: 'v3' }, percentage: p } }), h => h.mirrorPercentage.value],
    ];

    describe.each(withPercentage)('%s', (prop, options, rendered) => {
      test.each([0, 0.0001, 0.5, 99.99, 100])('%p is accepted', async (value) => {
        const { chart, reviews } = setup();
        reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/p') }], destinations: [{ version: 'v2' }], ...options(value) });
        expect(rendered((await httpRoutes(chart))[0])).toBe(value);
      });

      test.each([-1, -0.5, 100.5, 101, Number.NaN])('%p fails', (value) => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(value) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' must be a percentage between 0 and 100, got ${value}`);
      });

      test('a non-zero value below 0.0001 fails', () => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(0.00005) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' must be 0 or at least 0.0001 (Envoy counts in millionths), got 0.00005`);
      });
    });
  });

  describe('redirect port (1–65535) and redirectCode (300–399)', () => {
    test.each([1, 65535])('redirect port %p is accepted', async (port) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], redirect: { port } });
      expect((await httpRoutes(chart))[0].redirect).toEqual({ port });
    });

    test.each([0, 65536])('redirect port %p fails', (port) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ redirect: { port } }))
        .toThrow(`${REVIEWS} routes[0]: 'redirect.port' must be an integer between 1 and 65535, got ${port}`);
    });

    test.each([300, 399])('redirectCode %p is accepted', async (redirectCode) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], redirect: { uri: '/s', redirectCode } });
      expect((await httpRoutes(chart))[0].redirect).toEqual({ uri: '/s', redirectCode });
    });

    test.each([299, 400, 301.5])('redirectCode %p fails', (redirectCode) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ redirect: { uri: '/s', redirectCode } }))
        .toThrow(`${REVIEWS} routes[0]: 'redirect.redirectCode' must be an integer between 300 and 399, got ${redirectCode}`);
    });
  });

  describe('durations (at least 1ms, whole milliseconds)', () => {
    const withDuration: Array<[string, (d: Duration) => HttpRouteOptions]> = [
      ['timeout', d => ({ timeout: d })],
      ['retries.perTryTimeout', d => ({ retries: { attempts: 2, perTryTimeout: d } })],
      ['fault.delay.fixedDelay', d => ({ fault: { delay: { fixedDelay: d } } })],
    ];

    describe.each(withDuration)('%s', (prop, options) => {
      test('1ms is accepted', async () => {
        const { chart, reviews } = setup();
        reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/d') }], destinations: [{ version: 'v2' }], ...options(Duration.millis(1)) });
        expect(JSON.stringify((await httpRoutes(chart))[0])).toContain('"1ms"');
      });

      test.each([
        [Duration.millis(0), 'must be at least 1ms, got 0ms'],
        [Duration.millis(0.5), 'must be at least 1ms, got 0.5ms'],
        [Duration.millis(1.5), 'must be a whole number of milliseconds, got 1.5ms'],
        [Duration.millis(2500.25), 'must be a whole number of milliseconds, got 2500.25ms'],
      ])('%p fails', (d, message) => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(d) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' ${message}`);
      });
    });

    test('corsPolicy.maxAge accepts 1s and whole seconds', async () => {
      const { chart, reviews } = setup();
      reviews.addRoute({
        matches: [{ uri: StringMatch.prefix('/d') }],
        destinations: [{ version: 'v2' }],
        corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], maxAge: Duration.seconds(1) },
      });
      expect((await httpRoutes(chart))[0].corsPolicy.maxAge).toBe('1s');
    });

    test.each([
      [Duration.millis(0), "'corsPolicy.maxAge' must be at least 1ms, got 0ms"],
      [Duration.millis(0.5), "'corsPolicy.maxAge' must be at least 1ms, got 0.5ms"],
      [Duration.millis(1.5), "'corsPolicy.maxAge' must be a whole number of milliseconds, got 1.5ms"],
      [Duration.millis(999), "'corsPolicy.maxAge' must be a whole number of seconds, got 999ms"],
      [Duration.millis(1500), "'corsPolicy.maxAge' must be a whole number of seconds, got 1500ms"],
    ])('corsPolicy.maxAge %p fails', (maxAge, message) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], maxAge } }))
        .toThrow(`${REVIEWS} routes[0]: ${message}`);
    });
  });

  describe('regex length (at most 1024 bytes of UTF-8, as Istio counts it)', () => {
    test('1024 ASCII characters pass and 1025 fail', () => {
      expect(StringMatch.regex('a'.repeat(1024)).value).toHaveLength(1024);
      expect(() => StringMatch.regex('a'.repeat(1025))).toThrow(exactly("'regex' must be at most 1024 bytes in UTF-8 (Istio's limit), got 1025"));
    });

    test('two-byte characters count twice: 512 pass and 513 fail', () => {
      expect(StringMatch.regex('é'.repeat(512)).value).toHaveLength(512);
      expect(() => StringMatch.regex('é'.repeat(513))).toThrow(exactly("'regex' must be at most 1024 bytes in UTF-8 (Istio's limit), got 1026"));
    });

    test('repeat counts up to 1000 pass, above fail', () => {
      expect(StringMatch.regex('a{1000}').value).toBe('a{1000}');
      expect(StringMatch.regex('a{2,1000}').value).toBe('a{2,1000}');
      expect(() => StringMatch.regex('a{1001}'))
        .toThrow(exactly("'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got 'a{1001}': invalid repeat count: `{1001}`"));
      expect(() => StringMatch.regex('a{2,1001}'))
        .toThrow(exactly("'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got 'a{2,1001}': invalid repeat count: `{2,1001}`"));
    });
  });
});

/* ------------------------------------------------------------------ */
/* invalid input: at add time                                          */
/* ------------------------------------------------------------------ */

describe('invalid routes fail when added', () => {
  test.each<[string, HttpRouteOptions, string]>([
    ['redirect with destinations', { redirect: { uri: '/new' }, destinations: [{ version: 'v1' }] },
      "'redirect' and 'destinations' exclude each other: a redirect answers instead of forwarding"],
    ['redirect with rewrite', { redirect: { uri: '/new' }, rewrite: { uri: '/x' } }, "'redirect' and 'rewrite' exclude each other"],
    ['redirect with mirror', { redirect: { uri: '/new' }, mirror: { destination: { version: 'v2' } } }, "'redirect' and 'mirror' exclude each other"],
    ['redirect with fault', { redirect: { uri: '/new' }, fault: { abort: { httpStatus: 503 } } }, "'redirect' and 'fault' exclude each other"],
    ['redirect with nothing to change', { redirect: {} },
      "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops"],
    ['redirect with only a code', { redirect: { redirectCode: 302 } },
      "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops"],
    ['redirect scheme other than http or https', { redirect: { scheme: 'ftp' } }, "'redirect.scheme' must be 'http' or 'https', got 'ftp'"],
    ['empty fault', { destinations: [{ version: 'v1' }], fault: {} }, "'fault' needs a 'delay', an 'abort' or both"],
    ['rewrite with nothing', { destinations: [{ version: 'v1' }], rewrite: {} }, "'rewrite' needs a 'uri', an 'authority' or both"],
    ['mirror with a weight', { destinations: [{ version: 'v1' }], mirror: { destination: { version: 'v2', weight: 50 }, percentage: 20 } },
      "'mirror.destination.weight' must not be set: a mirror receives a copy of 20% of requests"],
    ['mirror with a weight and the default percentage', { destinations: [{ version: 'v1' }], mirror: { destination: { version: 'v2', weight: 50 } } },
      "'mirror.destination.weight' must not be set: a mirror receives a copy of 100% of requests"],
    ['empty destinations', { destinations: [] }, "'destinations' must have at least one entry"],
    ['empty retryOn', { destinations: [{ version: 'v1' }], retries: { attempts: 3, retryOn: [] } },
      "'retries.retryOn' must not be empty (leave it out for Istio's default)"],
    ['retry settings with 0 attempts', { destinations: [{ version: 'v1' }], retries: { attempts: 0, perTryTimeout: Duration.seconds(1), retryOn: [RetryOn.FIVE_XX] } },
      "'retries.attempts' 0 disables retries, so 'retries.perTryTimeout', 'retries.retryOn' must not be set"],
    ['retryRemoteLocalities with 0 attempts', { destinations: [{ version: 'v1' }], retries: { attempts: 0, retryRemoteLocalities: false } },
      "'retries.attempts' 0 disables retries, so 'retries.retryRemoteLocalities' must not be set"],
    ['match name that is not a DNS label', { matches: [{ name: 'by user' }], destinations: [{ version: 'v1' }] },
      "'matches[0].name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'by user'"],
    ['uppercase header name', { matches: [{ headers: { 'X-User': StringMatch.exact('a') } }], destinations: [{ version: 'v1' }] },
      "'matches[0].headers' key 'X-User' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['header name with a space, in withoutHeaders', { matches: [{}, { withoutHeaders: { 'bad header': StringMatch.present() } }], destinations: [{ version: 'v1' }] },
      "'matches[1].withoutHeaders' key 'bad header' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['empty header name', { matches: [{ headers: { '': StringMatch.exact('a') } }], destinations: [{ version: 'v1' }] },
      "'matches[0].headers' key '' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['present() on the uri', { matches: [{ uri: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].uri' cannot be StringMatch.present(): every request has a URI"],
    ['present() on the method', { matches: [{ method: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].method' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['present() on the scheme', { matches: [{ scheme: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].scheme' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['present() on the authority', { matches: [{ authority: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].authority' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['invalid source label value', { matches: [{ sourceLabels: { app: 'not ok' } }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceLabels' has an invalid value for label 'app': got 'not ok' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty)"],
    ['invalid source label key', { matches: [{ sourceLabels: { '-app': 'x' } }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceLabels' has an invalid label key '-app' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"],
    ['source namespace that is not a DNS label', { matches: [{ sourceNamespace: 'Prod' }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Prod'"],
    ['invalid gateway reference', { matches: [{ gateways: ['mesh', 'Istio-System/Ingress'] }], destinations: [{ version: 'v1' }] },
      "'matches[0].gateways[1]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got 'Istio-System/Ingress'"],
    ['gateway reference with two slashes', { matches: [{ gateways: ['a/b/c'] }], destinations: [{ version: 'v1' }] },
      "'matches[0].gateways[0]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got 'a/b/c'"],
    ['empty request header name', { destinations: [{ version: 'v1' }], headers: { request: { set: { '': 'x' } } } },
      "'headers.request.set' has an empty header name"],
    ['removing the host header', { destinations: [{ version: 'v1' }], headers: { request: { remove: ['Host'] } } },
      "'headers.request.remove' cannot remove header 'Host': every request needs an authority"],
    ['setting host on responses', { destinations: [{ version: 'v1' }], headers: { response: { set: { host: 'x' } } } },
      "'headers.response.set' cannot change header 'host': responses have no authority"],
    ['changing a pseudo-header', { destinations: [{ version: 'v1' }], headers: { request: { add: { ':path': '/x' } } } },
      "'headers.request.add' cannot change pseudo-header ':path'"],
    ['header operation name with a space', { destinations: [{ version: 'v1' }], headers: { response: { remove: ['x bad'] } } },
      "'headers.response.remove' has an invalid header name 'x bad' (letters, digits and !#$%&'*+-.^_`|~)"],
    ['header value with a lone %', { destinations: [{ version: 'v1' }], headers: { response: { set: { 'x-discount': '100%' } } } },
      "'headers.response.set' value of 'x-discount' has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%'), got \"100%\""],
    ['header value with a control character', { destinations: [{ version: 'v1' }], headers: { request: { add: { 'x-a': 'line\nbreak' } } } },
      "'headers.request.add' value of 'x-a' must not contain control characters, got \"line\\nbreak\""],
    ['the authority rewritten twice', { destinations: [{ version: 'v1' }], rewrite: { authority: 'a.example' }, headers: { request: { set: { ':authority': 'b.example' } } } },
      "the authority can be rewritten only once, got 'rewrite.authority' and 'headers.request.set' of ':authority'"],
    ['CORS without origins', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [] } },
      "'corsPolicy.allowOrigins' must have at least one entry"],
    ['CORS origin present()', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.present()] } },
      "'corsPolicy.allowOrigins' cannot use StringMatch.present()"],
    ['CORS origin empty', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example'), StringMatch.prefix('')] } },
      "'corsPolicy.allowOrigins[1]' must not be empty"],
    ['CORS method Istio does not know', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], allowMethods: ['GET', 'get'] } },
      "'corsPolicy.allowMethods' has an unsupported method 'get' (allowed: GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE, *)"],
    ['CORS header that is not a header name', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], exposeHeaders: ['x id'] } },
      "'corsPolicy.exposeHeaders' has an invalid header name 'x id' (letters, digits and !#$%&'*+-.^_`|~, or '*')"],
  ])('%s fails', (_, options, message) => {
    // GIVEN
    const { reviews } = setup();
    // WHEN / THEN
    expect(() => reviews.addRoute(options)).toThrow(`${REVIEWS} routes[0]: ${message}`);
  });

  test('a route name that is not a DNS label fails', () => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ name: 'Jason_Route', destinations: [{ version: 'v1' }] }))
      .toThrow(`${REVIEWS} routes[0] 'Jason_Route': 'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Jason_Route'`);
  });

  test('the route name labels add-time errors', () => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ name: 'jason', fault: {}, destinations: [{ version: 'v2' }] }))
      .toThrow(`${REVIEWS} routes[0] 'jason': 'fault' needs a 'delay', an 'abort' or both`);
  });

  test('every problem of a route is reported at once, and the route is not added', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    const add = () => reviews.addRoute({
      matches: [{ port: 0, headers: { 'X-A': StringMatch.present() } }],
      destinations: [{ version: 'v1', weight: 101 }],
      timeout: Duration.millis(0),
    });
    // THEN
    expect(add).toThrow([
      `${REVIEWS} routes[0]: 'matches[0].port' must be an integer between 1 and 65535, got 0`,
      `${REVIEWS} routes[0]: 'matches[0].headers' key 'X-A' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_\`|~), a request pseudo-header (:authority, :method, :path, :scheme)`,
      `${REVIEWS} routes[0]: 'destinations[0].weight' must be an integer between 0 and 100, got 101`,
      `${REVIEWS} routes[0]: 'timeout' must be at least 1ms, got 0ms`,
    ].join('\n'));
    expect(await httpRoutes(chart)).toEqual([DEFAULT_ROUTE]);
  });

  test('a TLS route with an empty SNI list or an empty match list fails', () => {
    // GIVEN
    const { mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    // WHEN / THEN
    expect(() => secure.addTlsRoute({ matches: [{ sniHosts: [] }], destinations: [{ version: 'v1' }] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'matches[0].sniHosts' must have at least one entry, or be left out for the host's own SNI");
    expect(() => secure.addTlsRoute({ matches: [], destinations: [{ version: 'v1' }] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'matches' must have at least one entry, or be left out to match the host's own SNI");
  });

  test('a TLS route without SNI hosts matches the host as the VirtualService names it', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = mesh.addService('secure', {
      namespace: 'a',
      ports: [{ port: 443, protocol: Protocol.HTTPS }],
      versions: [{ name: 'v1', image: 's:1' }, { name: 'v2', image: 's:2' }],
    });
    mesh.addService('secure', { namespace: 'b', ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 's:1' }] });
    // WHEN
    secure.addTlsRoute({ destinations: [{ version: 'v2' }] });
    secure.addTlsRoute({ matches: [{ port: 443 }], destinations: [{ version: 'v1' }] });
    // THEN
    const spec = await virtualService(chart, 'secure', 'a');
    expect(spec.tls.slice(0, 2)).toEqual([
      { match: [{ sniHosts: ['secure.a.svc.cluster.local'] }], route: [{ destination: { host: 'secure.a.svc.cluster.local', subset: 'v2' } }] },
      { match: [{ port: 443, sniHosts: ['secure.a.svc.cluster.local'] }], route: [{ destination: { host: 'secure.a.svc.cluster.local', subset: 'v1' } }] },
    ]);
  });

  test('TCP and TLS routes without destinations fail', () => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    expect(() => db.addTcpRoute({ destinations: [] })).toThrow("[test/mesh/db] tcpRoutes[0]: 'destinations' must have at least one entry");
    expect(() => secure.addTlsRoute({ matches: [{ sniHosts: ['secure'] }], destinations: [] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'destinations' must have at least one entry");
  });

  test.each([
    ['10.0.0.0/33', 0],
    ['not-an-ip', 0],
    ['10.0.0.1/8/1', 0],
    ['2001:db8::/129', 0],
  ])('destination subnet %p fails', (subnet) => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    expect(() => db.addTcpRoute({ matches: [{ destinationSubnets: ['10.1.0.0/16', subnet] }], destinations: [{ version: 'v1' }] }))
      .toThrow(`[test/mesh/db] tcpRoutes[0]: 'matches[0].destinationSubnets[1]' must be an IPv4 or IPv6 address or CIDR block, got '${subnet}'`);
  });

  test('invalid TCP match labels and source namespace fail', () => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    expect(() => db.addTcpRoute({ matches: [{ sourceLabels: { app: 'a b' }, sourceNamespace: 'A' }], destinations: [{ version: 'v1' }] })).toThrow([
      "[test/mesh/db] tcpRoutes[0]: 'matches[0].sourceLabels' has an invalid value for label 'app': got 'a b' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty)",
      "[test/mesh/db] tcpRoutes[0]: 'matches[0].sourceNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'A'",
    ].join('\n'));
  });

  test.each([
    ['(', 'missing closing ): `(`'],
    ['[a-', 'missing closing ]: `[a-`'],
    ['[]', 'missing closing ]: `[]`'],
    ['\\', 'trailing backslash at end of expression: ``'],
    ['(?x)', 'invalid or unsupported Perl syntax: `(?x`'],
    ['[(?=x)\\1]', 'invalid escape sequence: `\\1`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['(?=admin)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?<!x)y', 'invalid named capture: `(?<!x)y`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?<n>a)\\k<n>', 'invalid escape sequence: `\\k`'],
    // JavaScript's RegExp accepts these; Go's regexp does not
    ['foo\\y', 'invalid escape sequence: `\\y`'],
    ['foo\\Z', 'invalid escape sequence: `\\Z`'],
    ['[a-\\d]', 'invalid escape sequence: `\\d`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['a\\e', 'invalid escape sequence: `\\e`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
    ['\\u0041', 'invalid escape sequence: `\\u`'],
    ['[\\b]', 'invalid escape sequence: `\\b`'],
    ['a\ud800', 'invalid UTF-8: `\ud800`'],
  ])('regex %p fails: %s', (pattern, reason) => {
    expect(() => StringMatch.regex(pattern))
      .toThrow(exactly(`'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got '${pattern}': ${reason}`));
  });

  test('an empty regex fails', () => {
    expect(() => StringMatch.regex('')).toThrow(exactly("'regex' must not be empty"));
  });
});

/* ------------------------------------------------------------------ */
/* invalid input: at synth time                                        */
/* ------------------------------------------------------------------ */

describe('invalid routes fail at synth', () => {
  test('weights that do not add up to 100 fail', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'split', destinations: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 30 }] });
    // THEN
    expect(synthErrors(chart)).toContain(`${REVIEWS} routes[0] 'split': destination weights must add up to 100, got 50 + 30 = 80`);
  });

  test('weights above 100 in total fail on TCP and TLS routes too', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ destinations: [{ version: 'v1', weight: 60 }, { version: 'v2', weight: 60 }] });
    secure.addTlsRoute({ matches: [{ sniHosts: ['secure'] }], destinations: [{ version: 'v1', weight: 99 }, { version: 'v2', weight: 0 }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain('[test/mesh/db] tcpRoutes[0]: destination weights must add up to 100, got 60 + 60 = 120');
    expect(message).toContain('[test/mesh/secure] tlsRoutes[0]: destination weights must add up to 100, got 99 + 0 = 99');
  });

  test('a missing weight among several destinations fails', () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ destinations: [{ version: 'v1', weight: 100 }, { version: 'v2' }, { version: 'v3' }] });
    expect(synthErrors(chart)).toContain(`${REVIEWS} routes[0]: every destination needs a 'weight' when a route has several (2 of 3 have none)`);
  });

  test('a single destination with a weight other than 100 fails', () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ destinations: [{ version: 'v2', weight: 50 }] });
    expect(synthErrors(chart)).toContain(`${REVIEWS} routes[0]: a single destination receives all traffic: its 'weight' must be 100 or unset, got 50`);
  });

  test('an undeclared version fails, on the route and its mirror', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ destinations: [{ version: 'v4' }], mirror: { destination: { version: 'v9' } } });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain(`${REVIEWS} routes[0]: version 'v4' is not declared on 'reviews' (declared: v1, v2, v3)`);
    expect(message).toContain(`${REVIEWS} routes[0] mirror: version 'v9' is not declared on 'reviews' (declared: v1, v2, v3)`);
  });

  test('a version declared later is accepted: versions are checked at synth', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/v4') }], destinations: [{ version: 'v4' }] });
    // WHEN
    reviews.addVersion('v4', { image: 'example/reviews:v4' });
    // THEN
    expect((await httpRoutes(chart))[0].route).toEqual([{ destination: { host: 'reviews', subset: 'v4' } }]);
  });

  test('a version of another service, or of an external service, is checked against that host', () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const ratings = addService(mesh, 'ratings');
    const httpbin = mesh.addExternalService('httpbin', { hosts: ['httpbin.org'], ports: [{ number: 80, protocol: Protocol.HTTP }] });
    // WHEN
    reviews.addRoute({ destinations: [{ host: ratings, version: 'v2', weight: 50 }, { host: httpbin, version: 'v1', weight: 50 }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain(`${REVIEWS} routes[0]: version 'v2' is not declared on 'ratings' (declared: v1)`);
    expect(message).toContain(`${REVIEWS} routes[0]: version 'v1' is not declared on 'httpbin' (declared: none)`);
  });

  test('a port that is not a port of the target fails', () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const httpbin = mesh.addExternalService('httpbin', { hosts: ['httpbin.org'], ports: [{ number: 80, protocol: Protocol.HTTP }, { number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    reviews.addRoute({ destinations: [{ version: 'v1', port: 8080, weight: 50 }, { host: httpbin, port: 8443, weight: 50 }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain(`${REVIEWS} routes[0]: port 8080 is not a port of 'reviews' (ports: 9080)`);
    expect(message).toContain(`${REVIEWS} routes[0]: port 8443 is not a port of 'httpbin' (ports: 80, 443)`);
  });

  test('a TCP route to a port the target does not have fails', () => {
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    db.addTcpRoute({ destinations: [{ version: 'v1', port: 5433 }] });
    expect(synthErrors(chart)).toContain("[test/mesh/db] tcpRoutes[0]: port 5433 is not a port of 'db' (ports: 5432)");
  });

  test('duplicate route names fail', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'jason', matches: [{ uri: StringMatch.prefix('/jason') }], destinations: [{ version: 'v3' }] });
    // THEN
    expect(synthErrors(chart)).toContain(`${REVIEWS} routes[1] 'jason': route name 'jason' is already used by routes[0] 'jason'`);
  });

  test('a route without destinations on an external service fails: it has no default version', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const httpbin = mesh.addExternalService('httpbin', { hosts: ['httpbin.org'], ports: [{ number: 80, protocol: Protocol.HTTP }] });
    // WHEN
    httpbin.addRoute({ timeout: Duration.seconds(3) });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/external-httpbin] routes[0]: 'destinations' is required: host 'httpbin' has no default version to send to");
  });

  test('HTTP routes on a service with only TCP ports fail', () => {
    const { chart, mesh } = setup();
    const mongo = addService(mesh, 'mongo', { protocol: Protocol.MONGO, port: 27017 });
    mongo.addRoute({ matches: [{ uri: StringMatch.prefix('/') }], destinations: [{ version: 'v1' }] });
    expect(synthErrors(chart)).toContain("[test/mesh/mongo] service 'mongo' has HTTP routes but no HTTP port: HTTP routes apply only to HTTP, HTTP2, GRPC and GRPC-WEB ports");
  });

  test('every synth-time problem of a host is reported at once', () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'a', destinations: [{ version: 'v1', weight: 10 }, { version: 'v7', weight: 10 }] });
    reviews.addRoute({ name: 'a', matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v2', port: 1 }] });
    // THEN
    const lines = synthErrors(chart).split('\n').filter(l => l.includes(REVIEWS));
    expect(lines.map(l => l.trim())).toEqual([
      `${REVIEWS} routes[0] 'a': version 'v7' is not declared on 'reviews' (declared: v1, v2, v3)`,
      `${REVIEWS} routes[0] 'a': destination weights must add up to 100, got 10 + 10 = 20`,
      `${REVIEWS} routes[1] 'a': route name 'a' is already used by routes[0] 'a'`,
      `${REVIEWS} routes[1] 'a': port 1 is not a port of 'reviews' (ports: 9080)`,
      `${REVIEWS} routes[1] 'a' is unreachable: routes[0] 'a' before it matches every request; put more specific routes first`,
    ]);
  });
});

describe('route follow-ups', () => {
  test('retried status codes are appended to retryOn', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      retries: { attempts: 2, retryOn: [RetryOn.RETRIABLE_STATUS_CODES, RetryOn.RESET_BEFORE_REQUEST], retryOnStatusCodes: [503, 429] },
    });
    // THEN
    expect((await virtualService(chart)).http[0].retries).toEqual({ attempts: 2, retryOn: 'retriable-status-codes,reset-before-request,503,429' });
  });

  test.each([99, 104, 199, 209, 225, 227, 306, 309, 419, 420, 427, 430, 432, 450, 452, 499, 509, 512, 520, 599, 600, 503.5])(
    'a retried status code Go does not know, %p, fails', code => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ retries: { attempts: 2, retryOnStatusCodes: [code] } })).toThrow(exactly(
        `[test/mesh/reviews] routes[0]: 'retries.retryOnStatusCodes[0]' must be an HTTP status code Go's net/http knows (100–103, 200–208, 226, 300–305, 307, 308, 400–418, 421–426, 428, 429, 431, 451, 500–508, 510, 511): Istio refuses others, got ${code}`));
    });

  test.each([100, 103, 200, 208, 226, 305, 307, 308, 400, 418, 421, 426, 428, 429, 431, 451, 500, 508, 510, 511])('a retried status code of %p is accepted', async (code) => {
    const { chart, reviews } = setup();
    reviews.addRoute({ retries: { attempts: 1, retryOnStatusCodes: [code] } });
    expect((await virtualService(chart)).http[0].retries.retryOn).toBe(String(code));
  });

  test('a route to an external service with several hosts fails at synth', () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const apis = mesh.addExternalService('apis', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    reviews.addRoute({ destinations: [{ host: apis }] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/reviews] routes[0]: external service 'apis' has several hosts (a.example.com, b.example.com), so a route cannot name one destination: declare one ExternalService per host");
  });

  test('TCP routes need a TCP port and TLS routes a TLS port', () => {
    const { chart, mesh } = setup();
    const web = addService(mesh, 'web');
    web.addTcpRoute({ destinations: [{ version: 'v1' }] });
    web.addTlsRoute({ destinations: [{ version: 'v1' }] });
    const message = synthErrors(chart);
    expect(message).toContain("[test/mesh/web] service 'web' has TCP routes but no TCP port: TCP routes apply only to TCP, MONGO, MYSQL and REDIS ports");
    expect(message).toContain("[test/mesh/web] service 'web' has TLS routes but no TLS or HTTPS port");
  });

  test("a route named like a canary's tester route fails", () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ name: 'v2-testers', matches: [{ uri: StringMatch.prefix('/x') }] });
    new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', testers: CanaryTesters.header('x-test', StringMatch.exact('1')) });
    expect(synthErrors(chart)).toContain("[test/mesh/reviews] route name 'v2-testers' is reserved by test/canary for its tester route: rename the route");
  });
});
