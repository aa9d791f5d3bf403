import { backend, gateway, grant, listener, namespace, route, service } from './gateway-api-fixtures';
import { RoutedBy, RoutingSimulator, SimulatedRequest } from '../../../src/analysis/simulate/facade';

const services = [service('productpage'), service('reviews'), service('ratings', 'other')];
const simulate = (manifests: any[], request: Partial<SimulatedRequest>) =>
  RoutingSimulator.of(manifests).route({ host: 'bookinfo.example.com', gateway: 'default/gw', ...request });
const toGateway = (extra: any = {}) => [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', ...extra }];
const to = (name: string, extra: any = {}) => ({ backendRefs: [backend(name)], ...extra });
const served = (manifests: any[], request: Partial<SimulatedRequest>) => {
  const answer = simulate(manifests, request);
  return answer.destinations.length > 0 ? answer.destinations.map(d => d.service ?? d.host).join(',') : answer.status;
};

describe('listeners and hostnames', () => {
  const gw = gateway('gw', [listener('http', 80, { hostname: '*.example.com' })]);

  test('a route\'s hostname within the listener\'s wildcard is served; other hosts are not', () => {
    // GIVEN
    const manifests = [...services, gw, route('bookinfo', [to('productpage')], { parentRefs: toGateway(), hostnames: ['bookinfo.example.com'] })];
    // WHEN / THEN
    const answer = simulate(manifests, {});
    expect([answer.routedBy, answer.gateway, answer.rule?.name]).toEqual([RoutedBy.HTTP_ROUTE, 'default/gw', 'bookinfo']);
    expect(served(manifests, { host: 'other.example.com' })).toBe(404);
  });

  test('a route without hostnames takes the listener\'s: the request\'s host must be within it', () => {
    const manifests = [...services, gw, route('bookinfo', [to('productpage')], { parentRefs: toGateway() })];
    expect(served(manifests, { host: 'any.example.com' })).toBe('default/productpage');
    expect(served(manifests, { host: 'example.org' })).toBe(404);
  });

  test('a route whose hostnames are outside the listener\'s is not attached', () => {
    const manifests = [...services, gw, route('bookinfo', [to('productpage')], { parentRefs: toGateway(), hostnames: ['bookinfo.example.org'] })];
    expect(served(manifests, { host: 'bookinfo.example.org' })).toBe(404);
  });

  test('an exact hostname\'s rules win over a wildcard\'s, however specific the wildcard route\'s rules', () => {
    // GIVEN
    const manifests = [...services, gateway('gw', [listener('http')]),
      route('wild', [to('reviews', { matches: [{ path: { type: 'Exact', value: '/a' } }] })], { parentRefs: toGateway(), hostnames: ['*.example.com'] }),
      route('exact', [to('productpage')], { parentRefs: toGateway(), hostnames: ['bookinfo.example.com'] })];
    // WHEN / THEN
    expect(served(manifests, { path: '/a' })).toBe('default/productpage');
    expect(served(manifests, { host: 'x.example.com', path: '/a' })).toBe('default/reviews');
  });

  test('a wildcard listener leaves a host to the more specific listener on its port that covers it', () => {
    // GIVEN
    const manifests = [...services, gateway('gw', [listener('any'), listener('bookinfo', 80, { hostname: 'bookinfo.example.com' })]),
      route('fallback', [to('reviews', { matches: [{ path: { type: 'Exact', value: '/a' } }] })], { parentRefs: toGateway({ sectionName: 'any' }) }),
      route('bookinfo', [to('productpage')], { parentRefs: toGateway({ sectionName: 'bookinfo' }) })];
    // WHEN / THEN
    expect(served(manifests, { path: '/a' })).toBe('default/productpage');
    expect(served(manifests, { host: 'other.example.com', path: '/a' })).toBe('default/reviews');
  });

  test('the parentRef\'s sectionName and port select the listener', () => {
    const gw2 = gateway('gw', [listener('http'), listener('alt', 8080)]);
    const at = (ref: any) => [...services, gw2, route('r', [to('productpage')], { parentRefs: toGateway(ref) })];
    expect(served(at({ sectionName: 'alt' }), { port: 8080 })).toBe('default/productpage');
    expect(served(at({ sectionName: 'alt' }), { port: 80 })).toBe(404);
    expect(served(at({ port: 80 }), { port: 80 })).toBe('default/productpage');
    expect(served(at({ port: 80 }), { port: 8080 })).toBe(404);
    expect(served(at({ sectionName: 'nope' }), { port: 80 })).toBe(404);
  });

  test('no HTTP listener on the request\'s port: nothing routes it', () => {
    const answer = simulate([...services, gateway('gw', [listener('http')])], { port: 8443 });
    expect([answer.routedBy, answer.status, answer.caveats]).toEqual([RoutedBy.NONE, undefined,
      ['the Gateway default/gw has no HTTP or HTTPS listener on port 8443 for bookinfo.example.com: the connection is refused or not HTTP']]);
  });

  test('a Gateway of another class is not Istio\'s', () => {
    const answer = simulate([...services, gateway('gw', [listener('http')], 'default', 'envoy'), route('r', [to('productpage')], { parentRefs: toGateway() })], {});
    expect([answer.routedBy, answer.caveats]).toEqual([RoutedBy.NONE,
      ['the Gateway default/gw has the class \'envoy\', which Istio does not program: the simulator models Istio\'s class \'istio\' only']]);
  });

  test('an HTTPS listener is chosen by the request\'s host (SNI)', () => {
    const manifests = [...services, gateway('gw', [listener('a', 443, { protocol: 'HTTPS', hostname: 'a.example.com' }), listener('b', 443, { protocol: 'HTTPS', hostname: 'b.example.com' })]),
      route('a', [to('productpage')], { parentRefs: toGateway({ sectionName: 'a' }) }), route('b', [to('reviews')], { parentRefs: toGateway({ sectionName: 'b' }) })];
    expect(served(manifests, { host: 'b.example.com', port: 443, scheme: 'https' })).toBe('default/reviews');
    expect(served(manifests, { host: 'a.example.com', port: 443, scheme: 'https' })).toBe('default/productpage');
  });
});

describe('allowedRoutes', () => {
  const elsewhere = (allowedRoutes?: any, kind: 'HTTPRoute' | 'GRPCRoute' = 'HTTPRoute') => [...services, namespace('other', { team: 'ratings' }),
    gateway('gw', [listener('http', 80, allowedRoutes ? { allowedRoutes } : {})]),
    route('r', [{ backendRefs: [backend('ratings')] }], { namespace: 'other', kind, parentRefs: toGateway({ namespace: 'default' }) })];

  test('by default only routes of the Gateway\'s namespace attach', () => {
    expect(served(elsewhere(), {})).toBe(404);
    expect(served(elsewhere({ namespaces: { from: 'Same' } }), {})).toBe(404);
    expect(served(elsewhere({ namespaces: { from: 'All' } }), {})).toBe('other/ratings');
  });

  test('a namespace selector reads the namespace\'s labels (and its name label)', () => {
    expect(served(elsewhere({ namespaces: { from: 'Selector', selector: { matchLabels: { team: 'ratings' } } } }), {})).toBe('other/ratings');
    expect(served(elsewhere({ namespaces: { from: 'Selector', selector: { matchLabels: { team: 'reviews' } } } }), {})).toBe(404);
    expect(served(elsewhere({ namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } } }), {})).toBe('other/ratings');
  });

  test('allowedRoutes.kinds narrows the kinds a listener admits', () => {
    const httpOnly = { namespaces: { from: 'All' }, kinds: [{ kind: 'HTTPRoute' }] };
    expect(served(elsewhere(httpOnly), { path: '/a.B/C' })).toBe('other/ratings');
    expect(served(elsewhere(httpOnly, 'GRPCRoute'), { path: '/a.B/C' })).toBe(404);
    expect(served(elsewhere({ namespaces: { from: 'All' } }, 'GRPCRoute'), { path: '/a.B/C' })).toBe('other/ratings');
  });
});

describe('backends across namespaces', () => {
  const crossing = (...extra: any[]) => [...services, gateway('gw', [listener('http')]), ...extra,
    route('r', [{ backendRefs: [backend('ratings', 80, 1, 'other')] }], { parentRefs: toGateway() })];

  test('without a ReferenceGrant a Gateway route\'s backend in another namespace answers 500', () => {
    const answer = simulate(crossing(), {});
    expect([answer.routedBy, answer.status, answer.destinations]).toEqual([RoutedBy.HTTP_ROUTE, 500, []]);
    expect(answer.caveats).toEqual(['100% of the requests go to an invalid backend, which Istio answers with 500: '
      + 'backendRef ratings/other not accessible to a HTTPRoute in namespace "default" (missing a ReferenceGrant?)']);
  });

  test('a ReferenceGrant from the route\'s namespace and kind lets it through; one for another Service or kind does not', () => {
    expect(served(crossing(grant('other', 'default')), {})).toBe('other/ratings');
    expect(served(crossing(grant('other', 'default', 'HTTPRoute', 'ratings')), {})).toBe('other/ratings');
    expect(served(crossing(grant('other', 'default', 'HTTPRoute', 'details')), {})).toBe(500);
    expect(served(crossing(grant('other', 'default', 'GRPCRoute')), {})).toBe(500);
    expect(served(crossing(grant('other', 'shop')), {})).toBe(500);
  });
});

describe('rules at the gateway', () => {
  test('Istio ranks any prefix above a regex: a PathPrefix / rule ends the list, and a regex rule after it is never reached', () => {
    // GIVEN
    const regex = (value: string, name: string) => to(name, { matches: [{ path: { type: 'RegularExpression', value } }] });
    const prefix = (value: string, name: string, extra: any = {}) => to(name, { matches: [{ path: { type: 'PathPrefix', value }, ...extra }] });
    const catchAll = [...services, gateway('gw', [listener('http')]),
      route('a', [prefix('/', 'reviews')], { parentRefs: toGateway() }), route('b', [regex('/p.*', 'productpage')], { parentRefs: toGateway() })];
    const byMethod = [...services, gateway('gw', [listener('http')]),
      route('a', [prefix('/', 'reviews', { method: 'POST' })], { parentRefs: toGateway() }), route('b', [regex('/p.*', 'productpage')], { parentRefs: toGateway() })];
    // WHEN / THEN
    expect(served(catchAll, { path: '/page' })).toBe('default/reviews');
    expect(served(byMethod, { path: '/page' })).toBe('default/productpage');
    expect(served(byMethod, { path: '/page', method: 'POST' })).toBe('default/reviews');
  });

  test('routes whose hostnames meet the listener\'s in the same domain share a virtual host: their catch-all rules come last', () => {
    // GIVEN route a (every host, a catch-all) and route b (*.example.com, an exact path) on a *.example.com listener
    const manifests = [...services, gateway('gw', [listener('http', 80, { hostname: '*.example.com' })]),
      route('a', [to('reviews')], { parentRefs: toGateway() }),
      route('b', [to('productpage', { matches: [{ path: { type: 'Exact', value: '/x' } }] })], { parentRefs: toGateway(), hostnames: ['*.example.com'] })];
    // WHEN / THEN
    expect(served(manifests, { path: '/x' })).toBe('default/productpage');
    expect(served(manifests, { path: '/y' })).toBe('default/reviews');
  });

  test('a URLRewrite changes the path the destination\'s authorization sees', () => {
    // GIVEN a policy on productpage allowing /api/* only, and a route rewriting /public to /api
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'productpage', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'productpage' } }, template: { metadata: { labels: { app: 'productpage' }, annotations: { 'sidecar.istio.io/status': '{}' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    const policy = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'pp', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'productpage' } }, action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] },
    };
    const rewrite = (replacePrefixMatch: string) => [...services, deployment, policy, gateway('gw', [listener('http')]), route('r', [to('productpage', {
      matches: [{ path: { type: 'PathPrefix', value: '/public' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch } } }],
    })], { parentRefs: toGateway() })];
    const verdict = (manifests: any[]) => simulate(manifests, { path: '/public/items' }).destinations[0].authorization?.verdict;
    // WHEN / THEN
    expect(verdict(rewrite('/api'))).toBe('allowed');
    expect(verdict(rewrite('/other'))).toBe('denied');
  });

  test('the destination sees the gateway\'s pods as the caller (service account <name>-istio)', () => {
    // GIVEN
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'productpage', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'productpage' } }, template: { metadata: { labels: { app: 'productpage' }, annotations: { 'sidecar.istio.io/status': '{}' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    const policy = (principal: string) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'pp', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'productpage' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal] } }] }] },
    });
    const at = (principal: string) => simulate([...services, deployment, policy(principal), gateway('gw', [listener('http')]),
      route('r', [to('productpage')], { parentRefs: toGateway() })], {}).destinations[0].authorization?.verdict;
    // WHEN / THEN
    expect(at('cluster.local/ns/default/sa/gw-istio')).toBe('allowed');
    expect(at('cluster.local/ns/default/sa/other')).toBe('denied');
  });
});
