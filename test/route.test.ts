import { Duration } from 'cdk8s';
import { Canary, CanaryTesters, Protocol, StringMatch } from '../src';
import { addService, DEFAULT_ROUTE, httpRoutes, REVIEWS, setup } from './util/routes';
import { findObject, synthErrors, synthValid } from './util/validate';

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
});

describe('invalid routes fail when added', () => {
  test('TCP and TLS routes without destinations fail', () => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    expect(() => db.addTcpRoute({ destinations: [] })).toThrow("[test/mesh/db] tcpRoutes[0]: 'destinations' must have at least one entry");
    expect(() => secure.addTlsRoute({ matches: [{ sniHosts: ['secure'] }], destinations: [] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'destinations' must have at least one entry");
  });
});

describe('invalid routes fail at synth', () => {
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
