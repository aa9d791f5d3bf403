import { Chart, Testing } from 'cdk8s';
import { Gateway, GatewayServer, HttpMatch, Mesh, Protocol, StringMatch } from '../../src';
import { reviewsMesh } from '../util/reviews-mesh';
import { exactly, findObject, synthValid } from '../util/validate';

const REVIEWS = '[test/mesh/reviews] routes[0]';

/** A mesh with `reviews` (HTTP port 9080, versions v1 and v2). */
function setup() {
  const { chart, mesh, reviews } = reviewsMesh(['v1', 'v2']);
  return { chart, mesh, reviews };
}

/** Adds a route to reviews with one match. */
function addMatch(match: HttpMatch) {
  const { chart, reviews } = setup();
  reviews.addRoute({ matches: [match], destinations: [{ version: 'v2' }] });
  return chart;
}

describe('values Istio refuses in matches', () => {
  test.each<[string, HttpMatch, string]>([
    ['an empty header prefix', { headers: { 'x-a': StringMatch.prefix('') } },
      "'matches[0].headers' entry 'x-a' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (use StringMatch.present() for any value)"],
    ['an empty header prefix in withoutHeaders', { withoutHeaders: { 'x-a': StringMatch.prefix('') } },
      "'matches[0].withoutHeaders' entry 'x-a' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (use StringMatch.present() for any value)"],
    ['an empty query parameter prefix', { queryParams: { q: StringMatch.prefix('') } },
      "'matches[0].queryParams' entry 'q' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (use StringMatch.present() for any value)"],
    ['an empty method prefix', { method: StringMatch.prefix('') },
      "'matches[0].method' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (leave the condition out to match any method)"],
    ['an empty scheme prefix', { scheme: StringMatch.prefix('') },
      "'matches[0].scheme' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (leave the condition out to match any scheme)"],
    ['an empty authority prefix', { authority: StringMatch.prefix('') },
      "'matches[0].authority' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (leave the condition out to match any authority)"],
    ['a JWT claim between sidecars', { headers: { '@request.auth.claims.group': StringMatch.exact('admin') } },
      "'matches[0].headers' key '@request.auth.claims.group' is a JWT claim: Istio routes on JWT claims only at gateways, not between sidecars"],
    ['a JWT claim in brackets between sidecars', { withoutHeaders: { '@Request.Auth.Claims[a][b]': StringMatch.exact('x') } },
      "'matches[0].withoutHeaders' key '@Request.Auth.Claims[a][b]' is a JWT claim: Istio routes on JWT claims only at gateways, not between sidecars"],
    ['a claim prefix without a claim', { headers: { '@request.auth.claims.': StringMatch.exact('x') } },
      "'matches[0].headers' key '@request.auth.claims.' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['an unknown pseudo-header', { headers: { ':protocol': StringMatch.exact('websocket') } },
      "'matches[0].headers' key ':protocol' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
  ])('%s fails when the route is added', (_, match, message) => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ matches: [match], destinations: [{ version: 'v2' }] })).toThrow(exactly(`${REVIEWS}: ${message}`));
  });

  test.each<[string, HttpMatch]>([
    ['an empty exact header value', { headers: { 'x-a': StringMatch.exact('') } }],
    ['an empty exact query parameter', { queryParams: { q: StringMatch.exact('') } }],
    ['a one-character header prefix', { headers: { 'x-a': StringMatch.prefix('a') } }],
    ['the :authority pseudo-header', { headers: { ':authority': StringMatch.exact('reviews') } }],
    ['the :method pseudo-header', { headers: { ':method': StringMatch.exact('GET') } }],
    ['the :path pseudo-header', { headers: { ':path': StringMatch.prefix('/a') } }],
    ['the :scheme pseudo-header', { withoutHeaders: { ':scheme': StringMatch.exact('http') } }],
  ])('%s is accepted and rendered', async (_, match) => {
    const chart = addMatch(match);
    const vs = findObject(await synthValid(chart), 'VirtualService', 'reviews');
    expect(Object.keys(vs.spec.http[0].match[0])).toEqual(Object.keys(match));
  });
});

describe('conditions no request can meet', () => {
  test.each<[string, HttpMatch, string]>([
    ['an empty exact URI', { uri: StringMatch.exact('') }, "'matches[0].uri' StringMatch.exact('') never matches: every request path starts with '/'"],
    ['an exact URI without a leading slash', { uri: StringMatch.exact('api') }, "'matches[0].uri' StringMatch.exact('api') never matches: every request path starts with '/'"],
    ['a URI prefix without a leading slash', { uri: StringMatch.prefix('api/') }, "'matches[0].uri' StringMatch.prefix('api/') never matches: every request path starts with '/'"],
    ['an empty exact method', { method: StringMatch.exact('') }, "'matches[0].method' StringMatch.exact('') never matches: every request has a method"],
    ['an empty exact scheme', { scheme: StringMatch.exact('') }, "'matches[0].scheme' StringMatch.exact('') never matches: every request has a scheme"],
    ['an empty exact authority', { authority: StringMatch.exact('') }, "'matches[0].authority' StringMatch.exact('') never matches: every request has an authority"],
    ['a lowercase method', { method: StringMatch.exact('get') },
      "'matches[0].method' StringMatch.exact('get') never matches: methods are case-sensitive and requests send them in uppercase ('GET')"],
    ['a method prefix with a lowercase letter', { method: StringMatch.prefix('Po') },
      "'matches[0].method' StringMatch.prefix('Po') never matches: methods are case-sensitive and requests send them in uppercase ('PO')"],
    ['the :status pseudo-header', { headers: { ':status': StringMatch.exact('200') } }, "'matches[0].headers' key ':status' is a response pseudo-header: requests never carry it"],
  ])('%s fails when the route is added', (_, match, message) => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ matches: [match], destinations: [{ version: 'v2' }] })).toThrow(exactly(`${REVIEWS}: ${message}`));
  });

  test.each<[string, HttpMatch]>([
    ['a URI prefix of one slash', { uri: StringMatch.prefix('/'), headers: { 'x-a': StringMatch.present() } }],
    ['an empty URI prefix with a condition', { uri: StringMatch.prefix(''), headers: { 'x-a': StringMatch.present() } }],
    ['an exact URI of one slash', { uri: StringMatch.exact('/') }],
    ['an uppercase method', { method: StringMatch.exact('GET') }],
    ['an extension method in uppercase', { method: StringMatch.prefix('PROP') }],
    ['a method regex in any case', { method: StringMatch.regex('get|GET') }],
    ['a scheme', { scheme: StringMatch.exact('https') }],
  ])('%s is accepted', async (_, match) => {
    const vs = findObject(await synthValid(addMatch(match)), 'VirtualService', 'reviews');
    expect(vs.spec.http).toHaveLength(2);
  });
});

describe('TCP match subnets, as Go parses them', () => {
  test.each(['1.2.3.4/08', 'fe80::1%eth0/64', '1.2.3.4/+8', '10.0.0.0/33'])('%p fails', subnet => {
    const { mesh } = setup();
    const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'postgres' }] });
    expect(() => db.addTcpRoute({ matches: [{ destinationSubnets: [subnet] }], destinations: [{ version: 'v1' }] }))
      .toThrow(exactly(`[test/mesh/db] tcpRoutes[0]: 'matches[0].destinationSubnets[0]' must be an IPv4 or IPv6 address or CIDR block, got '${subnet}'`));
  });

  test.each(['1.2.3.4/8', '10.0.0.0/0', '10.0.0.0/32', 'fe80::1%eth0', '::ffff:1.2.3.4/104'])('%p is accepted', async subnet => {
    const { chart, mesh } = setup();
    const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'postgres' }] });
    db.addTcpRoute({ matches: [{ destinationSubnets: [subnet] }], destinations: [{ version: 'v1' }] });
    expect(findObject(await synthValid(chart), 'VirtualService', 'db').spec.tcp[0].match).toEqual([{ destinationSubnets: [subnet] }]);
  });
});

describe('JWT claims at gateways', () => {
  /** An ingress gateway for `*` and a web service. */
  function ingress() {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const mesh = new Mesh(chart, 'mesh');
    const web = mesh.addService('web', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'nginx' }] });
    const gateway = new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
    return { chart, web, gateway };
  }

  test('a gateway route may match JWT claims, in dot and bracket form, and Istio accepts them', async () => {
    // GIVEN
    const { chart, web, gateway } = ingress();
    // WHEN
    gateway.addRoute({
      hosts: ['*'],
      matches: [{ headers: { '@request.auth.claims.group': StringMatch.exact('admin') }, withoutHeaders: { '@request.auth.claims[org][id]': StringMatch.prefix('x') } }],
      destinations: [{ host: web }],
    });
    // THEN
    const vs = findObject(await synthValid(chart), 'VirtualService', 'ingress-wildcard');
    expect(vs.spec.http[0].match).toEqual([{
      headers: { '@request.auth.claims.group': { exact: 'admin' } },
      withoutHeaders: { '@request.auth.claims[org][id]': { prefix: 'x' } },
    }]);
  });

  test('a JWT claim matched by presence fails: Istio turns it into no value matcher', () => {
    const { web, gateway } = ingress();
    expect(() => gateway.addRoute({ hosts: ['*'], matches: [{ headers: { '@request.auth.claims.group': StringMatch.present() } }], destinations: [{ host: web }] }))
      .toThrow(exactly("[test/mesh/ingress] VirtualService 'ingress-wildcard': routes[0]: 'matches[0].headers' key '@request.auth.claims.group' is a JWT claim: match it with exact, prefix or regex, not StringMatch.present()"));
  });

  test('at a gateway the rule for header names mentions JWT claims', () => {
    const { web, gateway } = ingress();
    expect(() => gateway.addRoute({ hosts: ['*'], matches: [{ headers: { 'X-A': StringMatch.exact('1') } }], destinations: [{ host: web }] }))
      .toThrow(exactly("[test/mesh/ingress] VirtualService 'ingress-wildcard': routes[0]: 'matches[0].headers' key 'X-A' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme) or a JWT claim (@request.auth.claims.<name>)"));
  });
});
