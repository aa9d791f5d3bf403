import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { RATINGS_FAULTS, REVIEWS_AUTHORIZED, REVIEWS_BEHIND_GATEWAY, REVIEWS_JASON_V2 } from './reviews-manifests';
import { RoutingSimulator } from '../../src/analysis/simulate/facade';
import { durationNanos, meshMatchers } from '../../src/testing/jest';
import { errorOf } from '../util/validate';

expect.extend(meshMatchers);

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const RATINGS = 'ratings.bookinfo.svc.cluster.local';
const DEFAULT_RETRIES = "retries: 2 attempts, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (Istio's default)";
const fromBookinfo = { namespace: 'bookinfo' };
const jason = { host: 'reviews', headers: { 'end-user': 'jason' }, source: fromBookinfo };
const others = { host: 'reviews', source: fromBookinfo };
const JASON = 'GET http://reviews/ with end-user=jason from namespace bookinfo';
const OTHERS = 'GET http://reviews/ from namespace bookinfo';
const JASON_ROUTE = [
  'routed by VirtualService bookinfo/reviews http[0], match 0',
  `  -> ${REVIEWS} subset v2 port 9080: 100%`,
  DEFAULT_RETRIES,
];
const SPLIT_ROUTE = [
  'routed by VirtualService bookinfo/reviews http[1]',
  `  -> ${REVIEWS} subset v1 port 9080: 90%`,
  `  -> ${REVIEWS} subset v3 port 9080: 10%`,
  DEFAULT_RETRIES,
];

describe('toRoute', () => {
  test('passes when every request goes to the service (and subset) named', () => {
    expect(REVIEWS_JASON_V2).toRoute(jason, { to: 'reviews', subset: 'v2' });
    expect(REVIEWS_JASON_V2).toRoute(jason, { to: 'reviews', subset: 'v2', port: 9080 });
    expect(REVIEWS_JASON_V2).toRoute(jason, 'reviews');
    expect(REVIEWS_JASON_V2).toRoute(jason, 'bookinfo/reviews');
    expect(REVIEWS_JASON_V2).toRoute(jason, REVIEWS);
    expect(REVIEWS_JASON_V2).toRoute(jason, 'reviews.bookinfo');
    expect(REVIEWS_JASON_V2).toRoute(jason, 'reviews.bookinfo.svc');
  });

  test('fails with the rule and destinations found when the subset differs', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).toRoute(jason, { to: 'reviews', subset: 'v1' }))).toBe([
      `expected ${JASON} to go to reviews subset v1, but it is`,
      ...JASON_ROUTE,
    ].join('\n'));
  });

  test('fails when only part of the requests go there (a split)', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).toRoute(others, { to: 'reviews', subset: 'v1' }))).toBe([
      `expected ${OTHERS} to go to reviews subset v1, but it is`,
      ...SPLIT_ROUTE,
    ].join('\n'));
    // the same service, whatever the subset: every share is reviews
    expect(REVIEWS_JASON_V2).toRoute(others, 'reviews');
  });

  test('fails on another port, another service, or a name that is only a prefix of the host', () => {
    expect(REVIEWS_JASON_V2).not.toRoute(jason, { to: 'reviews', port: 9081 });
    expect(REVIEWS_JASON_V2).not.toRoute(jason, 'ratings');
    expect(REVIEWS_JASON_V2).not.toRoute(jason, 'review');
    expect(REVIEWS_JASON_V2).not.toRoute(jason, 'reviews.other');
    expect(REVIEWS_JASON_V2).not.toRoute(jason, 'reviews.bookinfo.svc.cluster');
    expect(REVIEWS_JASON_V2).not.toRoute(jason, 'other/reviews');
  });

  test('.not fails with what was found when the request does go there', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).not.toRoute(jason, { to: 'reviews', subset: 'v2' }))).toBe([
      `expected ${JASON} not to go to reviews subset v2, but it is`,
      ...JASON_ROUTE,
    ].join('\n'));
  });

  test('a request nothing routes goes nowhere: toRoute fails, saying why', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).toRoute({ host: 'details', source: fromBookinfo }, 'details'))).toBe([
      'expected GET http://details/ from namespace bookinfo to go to details, but it is',
      'not routed: no route rule matches',
      '  no destination',
      'caveat: the manifests hold no Service or ServiceEntry for details.bookinfo.svc.cluster.local: with the mesh\'s default outboundTrafficPolicy '
        + 'ALLOW_ANY the sidecar passes the request through to the address the client resolved; with REGISTRY_ONLY it answers 502',
    ].join('\n'));
  });
});

describe('toSplit', () => {
  const split = [{ to: 'reviews', subset: 'v1', weight: 90 }, { to: 'reviews', subset: 'v3', weight: 10 }];

  test('passes on the exact shares, in any order', () => {
    expect(REVIEWS_JASON_V2).toSplit(others, split);
    expect(REVIEWS_JASON_V2).toSplit(others, [...split].reverse());
  });

  test('a single destination is a split of 100', () => {
    expect(REVIEWS_JASON_V2).toSplit(jason, [{ to: 'reviews', subset: 'v2', weight: 100 }]);
  });

  test('shares are compared to a hundredth of a percent', () => {
    expect(REVIEWS_JASON_V2).toSplit(others, [{ to: 'reviews', subset: 'v1', weight: 90.009 }, { to: 'reviews', subset: 'v3', weight: 9.991 }]);
    expect(REVIEWS_JASON_V2).not.toSplit(others, [{ to: 'reviews', subset: 'v1', weight: 90.01 }, { to: 'reviews', subset: 'v3', weight: 9.99 }]);
  });

  test('shares of destinations an expected share covers add up', () => {
    expect(REVIEWS_JASON_V2).toSplit(others, [{ to: 'reviews', weight: 100 }]);
  });

  test('fails on other shares, a missing share, or a destination no share names', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).toSplit(others, [{ to: 'reviews', subset: 'v1', weight: 80 }, { to: 'reviews', subset: 'v3', weight: 20 }]))).toBe([
      `expected ${OTHERS} to be split reviews subset v1 (80%), reviews subset v3 (20%), but it is`,
      ...SPLIT_ROUTE,
    ].join('\n'));
    expect(REVIEWS_JASON_V2).not.toSplit(others, [{ to: 'reviews', subset: 'v1', weight: 90 }]);
    expect(REVIEWS_JASON_V2).not.toSplit(others, [...split, { to: 'reviews', subset: 'v2', weight: 1 }]);
    expect(REVIEWS_JASON_V2).not.toSplit(others, [{ to: 'reviews', subset: 'v3', weight: 10 }, { to: 'reviews', subset: 'v2', weight: 90 }]);
  });

  test('fails when a destination matches two expected shares', () => {
    // v1 is both shares (reviews v1, and reviews on 9080): which one's 90% would be a guess
    expect(REVIEWS_JASON_V2).not.toSplit(others, [{ to: 'reviews', subset: 'v1', weight: 90 }, { to: 'reviews', port: 9080, weight: 10 }]);
  });

  test('.not fails with what was found when the split is that', () => {
    expect(errorOf(() => expect(REVIEWS_JASON_V2).not.toSplit(others, split))).toBe([
      `expected ${OTHERS} not to be split reviews subset v1 (90%), reviews subset v3 (10%), but it is`,
      ...SPLIT_ROUTE,
    ].join('\n'));
  });

  test('needs the shares', () => {
    expect(() => expect(REVIEWS_JASON_V2).toSplit(others, [])).toThrow('toSplit needs the expected shares: a non-empty array of { to, subset?, port?, weight }');
  });
});

describe('toDelay and toAbort', () => {
  const jasonRatings = { host: RATINGS, headers: { 'end-user': 'jason' } };
  const othersRatings = { host: RATINGS };
  const JASON_RATINGS = [
    'routed by VirtualService bookinfo/ratings http[0], match 0',
    `  -> ${RATINGS} subset v1 port 9080: 100%`,
    'fault: delay 7s (100%); abort HTTP 500 (50%)',
    DEFAULT_RETRIES,
  ];
  const OTHERS_RATINGS = [
    'routed by VirtualService bookinfo/ratings http[1]',
    `  -> ${RATINGS} subset v1 port 9080: 100%`,
    'timeout: 10s',
    'retries: 3 attempts, 2s per try, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  ];

  test('toDelay passes on the delay and share injected, the duration however written', () => {
    expect(RATINGS_FAULTS).toDelay(jasonRatings);
    expect(RATINGS_FAULTS).toDelay(jasonRatings, { delay: '7s' });
    expect(RATINGS_FAULTS).toDelay(jasonRatings, { delay: '7000ms', percentage: 100 });
    expect(RATINGS_FAULTS).not.toDelay(jasonRatings, { delay: '7.001s' });
    expect(RATINGS_FAULTS).not.toDelay(jasonRatings, { delay: '7s', percentage: 99.99 });
    expect(RATINGS_FAULTS).not.toDelay(othersRatings);
  });

  test('toDelay fails with the fault found', () => {
    expect(errorOf(() => expect(RATINGS_FAULTS).toDelay(jasonRatings, { delay: '5s', percentage: 100 }))).toBe([
      `expected GET http://${RATINGS}/ with end-user=jason to be delayed by 5s (100%), but it is`,
      ...JASON_RATINGS,
    ].join('\n'));
    expect(errorOf(() => expect(RATINGS_FAULTS).toDelay(othersRatings))).toBe([
      `expected GET http://${RATINGS}/ to be delayed, but it is`,
      ...OTHERS_RATINGS,
    ].join('\n'));
  });

  test('toAbort passes on the status and share injected', () => {
    expect(RATINGS_FAULTS).toAbort(jasonRatings);
    expect(RATINGS_FAULTS).toAbort(jasonRatings, { httpStatus: 500, percentage: 50 });
    expect(RATINGS_FAULTS).not.toAbort(jasonRatings, { httpStatus: 503 });
    expect(RATINGS_FAULTS).not.toAbort(jasonRatings, { grpcStatus: 'UNAVAILABLE' });
    expect(RATINGS_FAULTS).not.toAbort(jasonRatings, { percentage: 100 });
    expect(RATINGS_FAULTS).not.toAbort(othersRatings);
  });

  test('.not.toAbort fails with the fault found', () => {
    expect(errorOf(() => expect(RATINGS_FAULTS).not.toAbort(jasonRatings, { httpStatus: 500, percentage: 50 }))).toBe([
      `expected GET http://${RATINGS}/ with end-user=jason not to be aborted with HTTP 500 (50%), but it is`,
      ...JASON_RATINGS,
    ].join('\n'));
  });
});

describe('durationNanos', () => {
  test.each([['7s', 7e9], ['7000ms', 7e9], ['1m30s', 90e9], ['1.5s', 1.5e9], ['.5s', 0.5e9], ['2h', 7.2e12], ['10us', 1e4], ['3ns', 3]])('%s', (text, nanos) => {
    expect(durationNanos(text)).toBe(nanos);
  });

  test.each(['7', 's', '7 s', '7sx', '', '-1s'])('%p is no duration', text => {
    expect(durationNanos(text)).toBeUndefined();
  });
});

describe('toAllowRequest and toDenyRequest', () => {
  const productpage = { host: REVIEWS, source: { workload: 'bookinfo/productpage-v1' } };
  const ratings = { host: REVIEWS, source: { workload: 'bookinfo/ratings-v1' } };
  const verdicts = (verdict: string) => [
    'routed by VirtualService bookinfo/reviews http[1]',
    `  -> ${REVIEWS} subset v1 port 9080: 90%`,
    `     authorization: ${verdict}`,
    `  -> ${REVIEWS} subset v3 port 9080: 10%`,
    `     authorization: ${verdict}`,
    DEFAULT_RETRIES,
  ];

  test('the caller the policy names is allowed; another one, and another method, are denied by the policy', () => {
    expect(REVIEWS_AUTHORIZED).toAllowRequest(productpage);
    expect(REVIEWS_AUTHORIZED).not.toDenyRequest(productpage);
    expect(REVIEWS_AUTHORIZED).toDenyRequest(ratings);
    expect(REVIEWS_AUTHORIZED).toDenyRequest(ratings, { policy: 'bookinfo/reviews-viewer' });
    expect(REVIEWS_AUTHORIZED).not.toDenyRequest(ratings, { policy: 'bookinfo/other' });
    expect(REVIEWS_AUTHORIZED).toDenyRequest({ ...productpage, method: 'POST' });
  });

  test('toAllowRequest fails with each destination’s verdict', () => {
    expect(errorOf(() => expect(REVIEWS_AUTHORIZED).toAllowRequest(ratings))).toBe([
      `expected GET http://${REVIEWS}/ from bookinfo/ratings-v1 to be allowed, but it is`,
      ...verdicts('denied by bookinfo/reviews-viewer: no ALLOW policy in force matches (bookinfo/reviews-viewer)'),
    ].join('\n'));
  });

  test('toDenyRequest fails with each destination’s verdict', () => {
    expect(errorOf(() => expect(REVIEWS_AUTHORIZED).toDenyRequest(productpage, { policy: 'bookinfo/reviews-viewer' }))).toBe([
      `expected GET http://${REVIEWS}/ from bookinfo/productpage-v1 to be denied by bookinfo/reviews-viewer, but it is`,
      ...verdicts('allowed by bookinfo/reviews-viewer: ALLOW policy bookinfo/reviews-viewer rule 0 matches'),
    ].join('\n'));
  });

  test("through a gateway, the gateway's own policies decide first: the deciding policy is the gateway's", () => {
    const admin = { host: 'shop.example.com', port: 8080, path: '/admin/users', gateway: 'istio-ingress/gw' };
    expect(REVIEWS_BEHIND_GATEWAY).toDenyRequest(admin, { policy: 'istio-ingress/block-admin' });
    expect(REVIEWS_BEHIND_GATEWAY).not.toAllowRequest(admin);
    expect(REVIEWS_BEHIND_GATEWAY).toAllowRequest({ ...admin, path: '/reviews' });
    expect(errorOf(() => expect(REVIEWS_BEHIND_GATEWAY).toAllowRequest(admin))).toBe([
      'expected GET http://shop.example.com:8080/admin/users through gateway istio-ingress/gw to be allowed, but it is',
      'routed by VirtualService bookinfo/front http[0] at gateway istio-ingress/gw',
      'gateway authorization: denied by istio-ingress/block-admin: DENY policy istio-ingress/block-admin rule 0 matches',
      `  -> ${REVIEWS} port 9080: 100%`,
      DEFAULT_RETRIES,
      "caveat: no pod with Istio's proxy in bookinfo has the labels app=reviews: no authorization verdict there",
    ].join('\n'));
  });

  test('without policies a routed request is allowed; a request routed nowhere is neither allowed nor denied', () => {
    expect(REVIEWS_JASON_V2).toAllowRequest(jason);
    expect(REVIEWS_JASON_V2).not.toDenyRequest(jason);
    const nowhere = { host: 'details', source: fromBookinfo };
    expect(REVIEWS_JASON_V2).not.toAllowRequest(nowhere);
    expect(REVIEWS_JASON_V2).not.toDenyRequest(nowhere);
  });
});

describe('toRespond', () => {
  const gateway = (requestPath: string) => ({ host: 'shop.example.com', port: 8080, path: requestPath, gateway: 'istio-ingress/gw' });
  const NO_SERVER = [
    'expected GET http://shop.example.com:8081/ through gateway istio-ingress/gw to be answered 404 by the proxy, but it is',
    'not routed: no route rule at gateway istio-ingress/gw matches',
    '  no destination',
    'caveat: Gateway istio-ingress/gw has no server on port 8081',
  ];

  test('passes on the status the proxy answers itself', () => {
    const redirecting = REVIEWS_BEHIND_GATEWAY.map(o => o.kind === 'VirtualService' && o.metadata.name === 'front'
      ? { ...o, spec: { ...o.spec, http: [{ match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } }] } } : o);
    expect(redirecting).toRespond(gateway('/old/x'), 301);
    expect(redirecting).not.toRespond(gateway('/old/x'), 302);
    expect(redirecting).toRespond(gateway('/other'), 404);
  });

  test('fails on a request that is routed, or answered with another status; no status at all is not a 404', () => {
    expect(REVIEWS_BEHIND_GATEWAY).not.toRespond(gateway('/reviews'), 404);
    expect(errorOf(() => expect(REVIEWS_BEHIND_GATEWAY).toRespond({ ...gateway('/'), port: 8081 }, 404))).toBe(NO_SERVER.join('\n'));
  });

  test('needs a status', () => {
    expect(() => expect(REVIEWS_BEHIND_GATEWAY).toRespond(gateway('/'), '404' as any)).toThrow('toRespond needs the expected HTTP status, got 404');
  });
});

describe('what the matchers take', () => {
  test('a chart, synthesized at each assertion: a change between two is seen', () => {
    const chart = new Chart(Testing.app(), 'mesh');
    REVIEWS_JASON_V2.forEach((object, i) => new ApiObject(chart, `o${i}`, object));
    expect(chart).toRoute(jason, { to: 'reviews', subset: 'v2' });
    // WHEN the VirtualService sends jason to v3
    const vs = chart.node.children.find(c => ApiObject.isApiObject(c) && c.kind === 'VirtualService') as ApiObject;
    vs.addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/destination/subset', 'v3'));
    // THEN
    expect(chart).toRoute(jason, { to: 'reviews', subset: 'v3' });
  });

  test('an app: all its charts', () => {
    const app = new App({ outdir: '.tmp/unused' });
    const services = new Chart(app, 'services');
    const routing = new Chart(app, 'routing');
    REVIEWS_JASON_V2.forEach((object, i) => new ApiObject(object.kind === 'Service' ? services : routing, `o${i}`, object));
    expect(app).toRoute(jason, { to: 'reviews', subset: 'v2' });
    // the Service alone: its default route, without subsets
    expect(services).toRoute(jason, 'reviews');
    expect(services).not.toRoute(jason, { to: 'reviews', subset: 'v2' });
  });

  test('a YAML file, a directory of them, a RoutingSimulator', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matchers-'));
    try {
      fs.writeFileSync(path.join(dir, 'service.yaml'), YAML.stringify(REVIEWS_JASON_V2[0]));
      fs.writeFileSync(path.join(dir, 'routing.yaml'), REVIEWS_JASON_V2.slice(1).map(o => YAML.stringify(o)).join('---\n'));
      expect(dir).toRoute(jason, { to: 'reviews', subset: 'v2' });
      expect(path.join(dir, 'service.yaml')).not.toRoute(jason, { to: 'reviews', subset: 'v2' });
      expect(RoutingSimulator.of(REVIEWS_JASON_V2)).toRoute(jason, { to: 'reviews', subset: 'v2' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('anything else is an error, not a failed expectation', () => {
    expect(() => expect(42).toRoute(jason, 'reviews')).toThrow(
      'a mesh matcher needs a cdk8s Chart or App, an array of manifests, a path to a YAML file or directory, or a RoutingSimulator; got an integer');
  });
});
