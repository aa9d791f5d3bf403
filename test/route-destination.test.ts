import { Protocol, StringMatch } from '../src';
import { addService, httpRoutes, REVIEWS, setup, virtualService } from './util/routes';
import { findObject, synthErrors, synthValid } from './util/validate';

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

describe('boundaries', () => {
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
});

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
});

describe('route follow-ups', () => {
  test('a route to an external service with several hosts fails at synth', () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const apis = mesh.addExternalService('apis', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    reviews.addRoute({ destinations: [{ host: apis }] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/reviews] routes[0]: external service 'apis' has several hosts (a.example.com, b.example.com), so a route cannot name one destination: declare one ExternalService per host");
  });
});
