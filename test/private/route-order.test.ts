import { Chart, Testing } from 'cdk8s';
import {
  Canary, CanaryTesters, Gateway, GatewayApiChannel, GatewayServer, HttpMatch, Mesh, MeshService, MeshServicePort, Protocol, RoutingApi, StringMatch,
} from '../../src';
import { findObject, synthProblems, synthValid } from '../util/validate';

const REVIEWS = '[test/mesh/reviews]';

/** A mesh with `reviews` (HTTP port 9080 unless told, versions v1–v3). */
function setup(ports: MeshServicePort[] = [{ port: 9080 }], routingApi?: RoutingApi, gatewayApiChannel?: GatewayApiChannel) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi, gatewayApiChannel });
  const reviews = mesh.addService('reviews', {
    ports,
    versions: ['v1', 'v2', 'v3'].map(name => ({ name, image: `example/reviews:${name}` })),
  });
  return { chart, mesh, reviews };
}

/** reviews with a first route on `first` and a second on `second`. */
function twoRoutes(first: HttpMatch[] | undefined, second: HttpMatch[] | undefined, ports?: MeshServicePort[]) {
  const s = setup(ports);
  s.reviews.addRoute({ matches: first, destinations: [{ version: 'v2' }] });
  s.reviews.addRoute({ matches: second, destinations: [{ version: 'v3' }] });
  return s;
}

const JASON = { headers: { 'end-user': StringMatch.exact('jason') } };
const UNREACHABLE = `${REVIEWS} routes[1] is unreachable: routes[0] before it matches every request; put more specific routes first`;

describe('a match that admits every request, decided semantically', () => {
  test.each<[string, HttpMatch]>([
    ['an empty URI prefix', { uri: StringMatch.prefix('') }],
    ['a URI prefix of one slash', { uri: StringMatch.prefix('/') }],
    ['the regex ^.*$', { uri: StringMatch.regex('^.*$') }],
    ['the regex (?s).*', { uri: StringMatch.regex('(?s).*') }],
    ['the regex [\\s\\S]*', { uri: StringMatch.regex('[\\s\\S]*') }],
    ['the regex (.|\\n)*', { uri: StringMatch.regex('(.|\\n)*') }],
    ['the path regex /.*', { uri: StringMatch.regex('/.*') }],
    ['a case-insensitive prefix of one slash', { uri: StringMatch.prefix('/'), ignoreUriCase: true }],
    ['a method regex .*', { method: StringMatch.regex('.*') }],
    ['an authority regex .+', { authority: StringMatch.regex('.+|') }],
    ['a :method header regex', { headers: { ':method': StringMatch.regex('.*') } }],
    ["the host's only port", { port: 9080 }],
    ['the mesh gateway', { gateways: ['mesh'] }],
    ['a match name only', { name: 'all' }],
  ])('%s: a route after it is unreachable', async (_, match) => {
    const { chart } = twoRoutes([match], [JASON]);
    expect(await synthProblems(chart)).toEqual([UNREACHABLE]);
  });

  test.each<[string, HttpMatch, MeshServicePort[]]>([
    ['a regex that needs a character', { uri: StringMatch.regex('/.+') }, [{ port: 9080 }]],
    ['a header present on some requests', { headers: { 'x-a': StringMatch.present() } }, [{ port: 9080 }]],
    ['a regex on the :authority header that excludes values', { headers: { ':authority': StringMatch.regex('[^x]*') } }, [{ port: 9080 }]],
    ['a port of a host with two HTTP ports', { port: 9080 }, [{ port: 9080 }, { port: 9090, name: 'http-admin' }]],
    ['a prefix on the scheme', { scheme: StringMatch.prefix('http') }, [{ port: 9080 }]],
  ])('%s restricts: the later route stays reachable', async (_, match, ports) => {
    const { chart } = twoRoutes([match], [JASON], ports);
    expect((await synthValid(chart)).length).toBeGreaterThan(0);
  });

  test("a port match is a catch-all when the host's other ports are not HTTP", async () => {
    const { chart } = twoRoutes([{ port: 9080 }], [JASON], [{ port: 9080 }, { port: 3306, protocol: Protocol.TCP, name: 'tcp-db' }]);
    expect(await synthProblems(chart)).toEqual([UNREACHABLE]);
  });

  test('a last route admitting every request replaces the default route', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ uri: StringMatch.regex('(?s).*') }], destinations: [{ version: 'v2' }] });
    const vs = findObject(await synthValid(chart), 'VirtualService', 'reviews');
    expect(vs.spec.http).toEqual([{ match: [{ uri: { regex: '(?s).*' } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
  });

  test('a route admitting every request before a canary fails: the split would never be reached', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('') }], destinations: [{ version: 'v2' }] });
    new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v3', weight: 10, testers: CanaryTesters.header('x-test', StringMatch.exact('1')) });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[0] matches every request, but test/canary owns the default route of 'reviews': give the route a match, or drop the canary`,
    ]);
  });
});

describe('routes and matches shadowed by earlier ones', () => {
  test('the same prefix twice: the later route is unreachable', async () => {
    const { chart } = twoRoutes([{ uri: StringMatch.prefix('/api') }], [{ uri: StringMatch.prefix('/api') }]);
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[1] is unreachable: every request it matches is taken by routes[0] before it; put more specific routes first`,
    ]);
  });

  test.each<[string, HttpMatch, HttpMatch]>([
    ['a longer prefix after a shorter one', { uri: StringMatch.prefix('/api') }, { uri: StringMatch.prefix('/api/v1') }],
    ['an exact path under a prefix', { uri: StringMatch.prefix('/api') }, { uri: StringMatch.exact('/api/x') }],
    ['the same header value with another condition', JASON, { ...JASON, uri: StringMatch.prefix('/a') }],
    ['a header value under a header prefix', { headers: { 'end-user': StringMatch.prefix('ja') } }, JASON],
    ['a header value under a presence match', { headers: { 'end-user': StringMatch.present() } }, JASON],
    ['the same regex', { uri: StringMatch.regex('/a/[0-9]+') }, { uri: StringMatch.regex('/a/[0-9]+') }],
    ['a query parameter under a prefix', { queryParams: { v: StringMatch.prefix('1') } }, { queryParams: { v: StringMatch.exact('12') } }],
    ['more source labels', { sourceLabels: { app: 'web' } }, { sourceLabels: { app: 'web', version: 'v1' }, sourceNamespace: 'default' }],
    ['a case-sensitive path under a case-insensitive prefix', { uri: StringMatch.prefix('/API'), ignoreUriCase: true }, { uri: StringMatch.prefix('/api/x') }],
    ['the same header exclusion', { withoutHeaders: { 'x-bot': StringMatch.present() } }, { withoutHeaders: { 'x-bot': StringMatch.present() }, ...JASON }],
  ])('%s is unreachable', async (_, first, second) => {
    const { chart } = twoRoutes([first], [second]);
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[1] is unreachable: every request it matches is taken by routes[0] before it; put more specific routes first`,
    ]);
  });

  test.each<[string, HttpMatch, HttpMatch]>([
    ['a shorter prefix after a longer one', { uri: StringMatch.prefix('/api/v1') }, { uri: StringMatch.prefix('/api') }],
    ['prefixes that do not nest', { uri: StringMatch.prefix('/a') }, { uri: StringMatch.prefix('/b') }],
    ['another header value', JASON, { headers: { 'end-user': StringMatch.exact('mary') } }],
    ['a header condition the later route lacks', JASON, { uri: StringMatch.prefix('/a') }],
    ['a case-insensitive path under a case-sensitive prefix', { uri: StringMatch.prefix('/api') }, { uri: StringMatch.prefix('/api/x'), ignoreUriCase: true }],
    ['another regex', { uri: StringMatch.regex('/a/[0-9]+') }, { uri: StringMatch.regex('/a/[0-9]*') }],
    ['an exclusion the later route lacks', { withoutHeaders: { 'x-bot': StringMatch.present() } }, JASON],
    ['another source namespace', { sourceNamespace: 'a' }, { sourceNamespace: 'b' }],
  ])('%s stays reachable', async (_, first, second) => {
    const { chart } = twoRoutes([first], [second]);
    expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec.http).toHaveLength(3);
  });

  test('a route reachable by one match only reports the shadowed match', async () => {
    const { chart } = twoRoutes([{ uri: StringMatch.prefix('/a') }], [{ uri: StringMatch.prefix('/b') }, { uri: StringMatch.prefix('/a/x') }]);
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[1]: 'matches[1]' never applies: every request it matches is taken by routes[0] before it; remove it or put more specific routes first`,
    ]);
  });

  test('a route whose matches earlier routes take between them names them all', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ name: 'a', matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v1' }] });
    reviews.addRoute({ name: 'b', matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'c', matches: [{ uri: StringMatch.prefix('/a/1') }, { uri: StringMatch.exact('/b') }], destinations: [{ version: 'v3' }] });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[2] 'c' is unreachable: every request it matches is taken by routes[0] 'a' and routes[1] 'b' before it; put more specific routes first`,
    ]);
  });

  test('a route after a catch-all is reported against the catch-all, once', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v1' }] });
    reviews.addRoute({ destinations: [{ version: 'v2' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v3' }] });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[2] is unreachable: routes[1] before it matches every request; put more specific routes first`,
    ]);
  });

  test('TCP routes on the same port: the later one is unreachable', async () => {
    const { chart, mesh } = setup();
    const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }, { port: 5433, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'pg' }, { name: 'v2', image: 'pg' }] });
    db.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ version: 'v1' }] });
    db.addTcpRoute({ matches: [{ port: 5432, sourceNamespace: 'reports' }], destinations: [{ version: 'v2' }] });
    expect(await synthProblems(chart)).toEqual([
      '[test/mesh/db] tcpRoutes[1] is unreachable: every connection it matches is taken by tcpRoutes[0] before it; put more specific routes first',
    ]);
  });

  test("a TCP route after one on the host's only TCP port is unreachable", async () => {
    const { chart, mesh } = setup();
    const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'pg' }, { name: 'v2', image: 'pg' }] });
    db.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ version: 'v1' }] });
    db.addTcpRoute({ matches: [{ sourceNamespace: 'reports' }], destinations: [{ version: 'v2' }] });
    expect(await synthProblems(chart)).toEqual([
      '[test/mesh/db] tcpRoutes[1] is unreachable: tcpRoutes[0] before it matches every connection; put more specific routes first',
    ]);
  });
});

describe("a canary's tester route", () => {
  /** reviews with a user route on `match` and a canary whose testers are the `end-user: jason` header. */
  function withTesters(match: HttpMatch) {
    const s = setup();
    s.reviews.addRoute({ matches: [match], destinations: [{ version: 'v1' }] });
    new Canary(s.chart, 'canary', { service: s.reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 10, testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) });
    return s;
  }

  test('placed behind a user route with the same match, it fails: the testers would never reach the canary', async () => {
    const { chart } = withTesters(JASON);
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} the tester route of test/canary is unreachable: every request it matches is taken by routes[0] before it; put more specific routes first`,
    ]);
  });

  test('behind a user route with another match, it is reachable', async () => {
    const { chart } = withTesters({ headers: { 'end-user': StringMatch.exact('mary') } });
    expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec.http).toHaveLength(3);
  });

  test('its matches are checked against the ports of the host', async () => {
    const { chart, reviews } = setup();
    new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', testers: CanaryTesters.matching([{ port: 8080 }]) });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} the tester route of test/canary: 'matches[0].port' 8080 is not an HTTP port of 'reviews' (HTTP ports: 9080): the match never applies`,
    ]);
  });
});

describe('matches that never apply', () => {
  test('a port the host does not have fails', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ port: 9081 }, { port: 9080, ...JASON }], destinations: [{ version: 'v2' }] });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[0]: 'matches[0].port' 9081 is not an HTTP port of 'reviews' (HTTP ports: 9080): the match never applies`,
    ]);
  });

  test('a port of the host that carries no route of the kind fails', async () => {
    const { chart, reviews } = setup([{ port: 9080 }, { port: 3306, protocol: Protocol.TCP }]);
    reviews.addRoute({ matches: [{ port: 3306 }], destinations: [{ version: 'v2' }] });
    reviews.addTcpRoute({ matches: [{ port: 9080 }], destinations: [{ version: 'v2' }] });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[0]: 'matches[0].port' 3306 is not an HTTP port of 'reviews' (HTTP ports: 9080): the match never applies`,
      `${REVIEWS} tcpRoutes[0]: 'matches[0].port' 9080 is not a TCP port of 'reviews' (TCP ports: 3306): the match never applies`,
    ]);
  });

  test('a TLS match on a port that is no TLS port fails', async () => {
    const { chart, mesh } = setup();
    const secure: MeshService = mesh.addService('secure', { ports: [{ port: 443, protocol: Protocol.HTTPS }, { port: 80 }], versions: [{ name: 'v1', image: 'nginx' }] });
    secure.addTlsRoute({ matches: [{ port: 80 }], destinations: [{ version: 'v1' }] });
    expect(await synthProblems(chart)).toEqual([
      "[test/mesh/secure] tlsRoutes[0]: 'matches[0].port' 80 is not a TLS port of 'secure' (TLS ports: 443): the match never applies",
    ]);
  });

  test("a gateway the service's VirtualService is not bound to fails, each name", async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ matches: [{ gateways: ['mesh', 'ingress', 'istio-system/ingress', 'ingress.istio-system'], ...JASON }], destinations: [{ version: 'v2' }] });
    expect(await synthProblems(chart)).toEqual([
      `${REVIEWS} routes[0]: 'matches[0].gateways[1]' 'ingress' is not among the gateways of the VirtualService (mesh): the match never applies there`,
      `${REVIEWS} routes[0]: 'matches[0].gateways[2]' 'istio-system/ingress' is not among the gateways of the VirtualService (mesh): the match never applies there`,
      `${REVIEWS} routes[0]: 'matches[0].gateways[3]' 'ingress.istio-system' is not among the gateways of the VirtualService (mesh): the match never applies there`,
    ]);
  });

  describe('at a gateway', () => {
    function ingress() {
      const { chart, mesh } = setup();
      const web = mesh.addService('web', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'nginx' }] });
      const gateway = new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
      return { chart, web, gateway };
    }

    test.each(['ingress', 'istio-ingress/ingress', 'ingress.istio-ingress', 'ingress.istio-ingress.svc.cluster.local'])(
      'a match may name the gateway as %p', async name => {
        const { chart, web, gateway } = ingress();
        gateway.addRoute({ hosts: ['*'], matches: [{ gateways: [name], uri: StringMatch.prefix('/a') }], destinations: [{ host: web }] });
        expect(findObject(await synthValid(chart), 'VirtualService', 'ingress-wildcard').spec.http[0].match).toEqual([{ gateways: [name], uri: { prefix: '/a' } }]);
      });

    test("the mesh or another gateway fails: the gateway's VirtualService serves only it", async () => {
      const { chart, web, gateway } = ingress();
      gateway.addRoute({ hosts: ['*'], matches: [{ gateways: ['mesh', 'default/ingress'] }], destinations: [{ host: web }] });
      expect(await synthProblems(chart)).toEqual([
        "[test/mesh/ingress/Routes-ingress-wildcard] routes[0]: 'matches[0].gateways[0]' 'mesh' is not among the gateways of the VirtualService (istio-ingress/ingress): the match never applies there",
        "[test/mesh/ingress/Routes-ingress-wildcard] routes[0]: 'matches[0].gateways[1]' 'default/ingress' is not among the gateways of the VirtualService (istio-ingress/ingress): the match never applies there",
      ]);
    });

    test('a match naming the gateway restricts nothing: a route after it is unreachable', async () => {
      const { chart, web, gateway } = ingress();
      gateway.addRoute({ hosts: ['*'], matches: [{ gateways: ['ingress'] }], destinations: [{ host: web }] });
      gateway.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ host: web }] });
      expect(await synthProblems(chart)).toEqual([
        '[test/mesh/ingress/Routes-ingress-wildcard] routes[1] is unreachable: routes[0] before it matches every request; put more specific routes first',
      ]);
    });
  });
});

describe('Gateway API mode', () => {
  test('only routes that match every request shadow later ones: precedence decides the rest', async () => {
    const { chart, reviews } = setup([{ port: 9080 }], RoutingApi.GATEWAY_API);
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/ab') }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/abc/d') }], destinations: [{ version: 'v3' }] });
    expect((await synthValid(chart)).length).toBeGreaterThan(0);
  });

  test('retried status codes are those of the Gateway API, not the ones Go knows', async () => {
    const { chart, reviews } = setup([{ port: 9080 }], RoutingApi.GATEWAY_API, GatewayApiChannel.EXPERIMENTAL);
    reviews.addRoute({ retries: { attempts: 2, retryOnStatusCodes: [599] } });
    expect(findObject(await synthValid(chart), 'HTTPRoute', 'reviews').spec.rules[0].retry).toEqual({ attempts: 2, codes: [599] });
  });
});
