import {
  describeRequest, describeRoute, describeRule, percent, routeVerdict,
} from '../../../src/analysis/simulate/route-text';
import { AuthorizationVerdict, RoutedBy, SimulatedDestination, SimulatedRoute } from '../../../src/analysis/simulate/types';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

function destination(subset: string, weight: number, extra: Partial<SimulatedDestination> = {}): SimulatedDestination {
  return { host: REVIEWS, service: 'bookinfo/reviews', subset, port: 9080, weight, ...extra };
}

describe('describeRequest', () => {
  test('a request with nothing but a host is a GET of / over http', () => {
    expect(describeRequest({ host: 'reviews' })).toBe('GET http://reviews/');
  });

  test('says everything the request gives, in a fixed order', () => {
    expect(describeRequest({
      host: 'reviews',
      port: 9080,
      path: '/reviews/0',
      method: 'POST',
      scheme: 'https',
      headers: { 'end-user': 'jason', 'x-a': '1' },
      queryParams: { page: '2' },
      source: { workload: 'bookinfo/productpage-v1', labels: { app: 'productpage' }, principal: '' },
      gateway: 'istio-system/bookinfo-gateway',
    })).toBe('POST https://reviews:9080/reviews/0?page=2 with end-user=jason, x-a=1 '
      + 'from bookinfo/productpage-v1, labels app=productpage, no peer identity through gateway istio-system/bookinfo-gateway');
  });

  test('query parameters join a query string the path already has', () => {
    expect(describeRequest({ host: 'a', path: '/x?k=1', queryParams: { j: '2' } })).toBe('GET http://a/x?k=1&j=2');
  });

  test('a source of only a namespace, account and JWT principal', () => {
    expect(describeRequest({ host: 'a', source: { namespace: 'ns', serviceAccount: 'sa', requestPrincipal: 'iss/sub', ip: '10.0.0.1' } }))
      .toBe('GET http://a/ from namespace ns, service account sa, request principal iss/sub, ip 10.0.0.1');
  });
});

describe('describeRule', () => {
  test('a VirtualService rule is in http, a Gateway API rule in rules', () => {
    expect(describeRule({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews', index: 1 })).toBe('VirtualService bookinfo/reviews http[1]');
    expect(describeRule({ kind: 'HTTPRoute', namespace: 'bookinfo', name: 'reviews', index: 0, ruleName: 'jason', matchIndex: 2 }))
      .toBe('HTTPRoute bookinfo/reviews rules[0] (jason), match 2');
  });
});

describe('percent', () => {
  test.each([[100, '100%'], [33.333333, '33.33%'], [0.005, '0.01%'], [0.004, '0%'], [12.5, '12.5%']])('%d is %s', (value, text) => {
    expect(percent(value)).toBe(text);
  });
});

describe('describeRoute', () => {
  test('a split by a rule: one line per destination, with its verdict', () => {
    const route: SimulatedRoute = {
      routedBy: RoutedBy.VIRTUAL_SERVICE,
      rule: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews', index: 0 },
      destinations: [
        destination('v1', 90, { authorization: { verdict: AuthorizationVerdict.ALLOWED, policy: 'bookinfo/reviews', reason: 'a rule matches' } }),
        destination('v3', 10),
      ],
      caveats: [],
    };
    expect(describeRoute(route)).toEqual([
      'routed by VirtualService bookinfo/reviews http[0]',
      `  -> ${REVIEWS} subset v1 port 9080: 90%`,
      '     authorization: allowed by bookinfo/reviews: a rule matches',
      `  -> ${REVIEWS} subset v3 port 9080: 10%`,
    ]);
  });

  test('everything that applies: gateway, fault, timeout, retries, mirrors, caveats', () => {
    const route: SimulatedRoute = {
      routedBy: RoutedBy.VIRTUAL_SERVICE,
      gateway: 'istio-system/gw',
      rule: { kind: 'VirtualService', namespace: 'bookinfo', name: 'ratings', index: 0, matchIndex: 0 },
      destinations: [{ host: 'ratings.bookinfo.svc.cluster.local', weight: 100 }],
      fault: { delay: '7s', abortHttpStatus: 500, abortPercentage: 10 },
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
      mirrors: [{ host: 'ratings.bookinfo.svc.cluster.local', subset: 'v2', percentage: 50 }],
      caveats: ['the client has no workload'],
    };
    expect(describeRoute(route)).toEqual([
      'routed by VirtualService bookinfo/ratings http[0], match 0 at gateway istio-system/gw',
      '  -> ratings.bookinfo.svc.cluster.local: 100%',
      'fault: delay 7s (100%); abort HTTP 500 (10%)',
      'timeout: 10s',
      'retries: 3 attempts, 2s per try, on 5xx',
      'mirror: ratings.bookinfo.svc.cluster.local subset v2 (50%)',
      'caveat: the client has no workload',
    ]);
  });

  test('the default route, a 404, a redirect', () => {
    expect(describeRoute({ routedBy: RoutedBy.DEFAULT, destinations: [destination('v1', 100, { subset: undefined })], caveats: [] })).toEqual([
      'routed by the default route (no route rule for the host)',
      `  -> ${REVIEWS} port 9080: 100%`,
    ]);
    expect(describeRoute({ routedBy: RoutedBy.NONE, destinations: [], status: 404, caveats: [] })).toEqual([
      'not routed: no route rule matches',
      '  no destination: the proxy answers 404',
    ]);
    expect(describeRoute({
      routedBy: RoutedBy.HTTP_ROUTE,
      rule: { kind: 'HTTPRoute', namespace: 'a', name: 'r', index: 2 },
      destinations: [],
      status: 301,
      redirect: 'https://a/',
      caveats: [],
    })).toEqual([
      'routed by HTTPRoute a/r rules[2]',
      '  a redirect (301) to https://a/',
    ]);
  });
});

describe('routeVerdict', () => {
  const verdict = (v: AuthorizationVerdict) => ({ verdict: v, reason: 'r' });
  const route = (...destinations: SimulatedDestination[]): SimulatedRoute => ({ routedBy: RoutedBy.DEFAULT, destinations, caveats: [] });

  test('allowed when no policy applies anywhere', () => {
    expect(routeVerdict(route(destination('v1', 100)))).toBe(AuthorizationVerdict.ALLOWED);
  });

  test('denied only when every destination denies; mixed verdicts depend', () => {
    const denied = destination('v1', 50, { authorization: verdict(AuthorizationVerdict.DENIED) });
    expect(routeVerdict(route(denied, { ...denied, subset: 'v2' }))).toBe(AuthorizationVerdict.DENIED);
    expect(routeVerdict(route(denied, destination('v2', 50)))).toBe(AuthorizationVerdict.DEPENDS);
    expect(routeVerdict(route(destination('v1', 100, { authorization: verdict(AuthorizationVerdict.DEPENDS) })))).toBe(AuthorizationVerdict.DEPENDS);
  });

  test("a request through a gateway: the gateway's verdict counts first", () => {
    const gateway = (v: AuthorizationVerdict) => ({ verdict: v, policy: 'istio-ingress/edge', reason: 'r' });
    const through = (v: AuthorizationVerdict, ...destinations: SimulatedDestination[]): SimulatedRoute =>
      ({ routedBy: RoutedBy.DEFAULT, gateway: 'istio-ingress/gw', gatewayAuthorization: gateway(v), destinations, caveats: [] });
    expect(routeVerdict(through(AuthorizationVerdict.DENIED, destination('v1', 100)))).toBe(AuthorizationVerdict.DENIED);
    expect(routeVerdict(through(AuthorizationVerdict.DENIED))).toBe(AuthorizationVerdict.DENIED);
    expect(routeVerdict(through(AuthorizationVerdict.ALLOWED, destination('v1', 100)))).toBe(AuthorizationVerdict.ALLOWED);
    expect(routeVerdict(through(AuthorizationVerdict.DEPENDS, destination('v1', 100)))).toBe(AuthorizationVerdict.DEPENDS);
    expect(routeVerdict(through(AuthorizationVerdict.ALLOWED, destination('v1', 100, { authorization: verdict(AuthorizationVerdict.DENIED) }))))
      .toBe(AuthorizationVerdict.DEPENDS);
    expect(describeRoute(through(AuthorizationVerdict.DENIED, destination('v1', 100)))).toEqual([
      'routed by the default route (no route rule for the host) at gateway istio-ingress/gw',
      'gateway authorization: denied by istio-ingress/edge: r',
      `  -> ${REVIEWS} subset v1 port 9080: 100%`,
    ]);
  });

  test('none without a destination', () => {
    expect(routeVerdict({ routedBy: RoutedBy.NONE, destinations: [], status: 404, caveats: [] })).toBeUndefined();
  });
});
