/**
 * The simulator against Istio's bookinfo routing samples: each sample's documented behaviour
 * (Istio's traffic-management tasks: request routing, traffic shifting, fault injection, egress)
 * asserted with the mesh matchers on the sample built with the typed API, and the whole bookinfo
 * mesh through its ingress gateway with deny-by-default authorization.
 */
import { App, Chart, Testing } from 'cdk8s';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { buildBookinfoGatewayApiApp } from '../examples/bookinfo/gateway-api';
import { SCENARIOS } from '../examples/bookinfo/scenarios';
import { Mesh, RoutingApi } from '../src';
import { RoutedBy, RoutingSimulator } from '../src/analysis/simulate/facade';
import { meshMatchers, RouteTarget } from '../src/testing/jest';

expect.extend(meshMatchers);

/**
 * The manifests of bookinfo (namespace default) with one sample applied, its routing in
 * VirtualServices (Istio) or HTTPRoutes (Gateway API), and of the mesh (with what the sample adds
 * to it); synthesized once, for all of the sample's assertions.
 */
function bookinfoWith(sample: string | undefined, routingApi: RoutingApi = RoutingApi.ISTIO): any[] {
  const app = new App({ outdir: '.tmp/unused' });
  const mesh = new Mesh(new Chart(app, 'mesh'), 'mesh', { routingApi });
  const bookinfo = new Bookinfo(app, 'bookinfo', { mesh });
  if (sample !== undefined) {
    const scenario = SCENARIOS.find(s => s.name === sample);
    if (!scenario) throw new Error(`no bookinfo sample '${sample}'`);
    scenario.apply(bookinfo);
  }
  return app.charts.flatMap(chart => Testing.synth(chart));
}

const jason = { 'end-user': 'jason' };
const reviews = (headers: { [name: string]: string } = {}) => ({ host: 'reviews', headers });
const ratings = (headers: { [name: string]: string } = {}) => ({ host: 'ratings', headers });
/**
 * A version of a service as a route target: a DestinationRule subset (Istio routing), or the
 * version's own Service (Gateway API routing, `reviews-v2`).
 */
type Version = (service: string, version: string) => RouteTarget;
const SUBSET: Version = (to, subset) => ({ to, subset });
const VERSION_SERVICE: Version = (to, version) => ({ to: `${to}-${version}` });

/** Each sample's documented behaviour, with versions addressed by `at`. */
const BEHAVIOUR: { [sample: string]: (bookinfo: any[], at: Version) => void } = {
  // traffic shifting: "10% of traffic to reviews:v2", whoever the user
  'virtual-service-reviews-90-10': (b, at) => {
    expect(b).toSplit(reviews(), [{ ...at('reviews', 'v1'), weight: 90 }, { ...at('reviews', 'v2'), weight: 10 }]);
    expect(b).toSplit(reviews(jason), [{ ...at('reviews', 'v1'), weight: 90 }, { ...at('reviews', 'v2'), weight: 10 }]);
  },
  'virtual-service-reviews-80-20': (b, at) => {
    expect(b).toSplit(reviews(), [{ ...at('reviews', 'v1'), weight: 80 }, { ...at('reviews', 'v2'), weight: 20 }]);
  },
  'virtual-service-reviews-50-v3': (b, at) => {
    expect(b).toSplit(reviews(), [{ ...at('reviews', 'v1'), weight: 50 }, { ...at('reviews', 'v3'), weight: 50 }]);
  },
  'virtual-service-reviews-v3': (b, at) => {
    expect(b).toRoute(reviews(), at('reviews', 'v3'));
    expect(b).toRoute(reviews(jason), at('reviews', 'v3'));
  },
  'virtual-service-reviews-v2-v3': (b, at) => {
    expect(b).toSplit(reviews(), [{ ...at('reviews', 'v2'), weight: 50 }, { ...at('reviews', 'v3'), weight: 50 }]);
  },
  // request routing: "jason sees the black stars (v2), everyone else the red ones (v3)"
  'virtual-service-reviews-jason-v2-v3': (b, at) => {
    expect(b).toRoute(reviews(jason), at('reviews', 'v2'));
    expect(b).toRoute(reviews(), at('reviews', 'v3'));
  },
  // request routing: "jason sees v2, everyone else stays on v1"; the header's name is case-insensitive, its value is not
  'virtual-service-reviews-test-v2': (b, at) => {
    expect(b).toRoute(reviews(jason), at('reviews', 'v2'));
    expect(b).toRoute(reviews({ 'End-User': 'jason' }), at('reviews', 'v2'));
    expect(b).toRoute(reviews(), at('reviews', 'v1'));
    expect(b).toRoute(reviews({ 'end-user': 'Jason' }), at('reviews', 'v1'));
    expect(b).toRoute(reviews({ 'end-user': 'jason2' }), at('reviews', 'v1'));
  },
  // fault injection: "a 7s delay between reviews v2 and ratings for jason"; others are not delayed
  'virtual-service-ratings-test-delay': (b, at) => {
    expect(b).toDelay(ratings(jason), { delay: '7s', percentage: 100 });
    expect(b).toRoute(ratings(jason), at('ratings', 'v1'));
    expect(b).not.toAbort(ratings(jason));
    expect(b).not.toDelay(ratings());
    expect(b).toRoute(ratings(), at('ratings', 'v1'));
  },
  // fault injection: "ratings answers HTTP 500 to jason"; others are not aborted
  'virtual-service-ratings-test-abort': (b, at) => {
    expect(b).toAbort(ratings(jason), { httpStatus: 500, percentage: 100 });
    expect(b).not.toDelay(ratings(jason));
    expect(b).not.toAbort(ratings());
    expect(b).toRoute(ratings(), at('ratings', 'v1'));
  },
  'virtual-service-details-v2': (b, at) => {
    expect(b).toRoute({ host: 'details' }, at('details', 'v2'));
  },
  'virtual-service-ratings-db': (b, at) => {
    expect(b).toRoute(reviews(), at('reviews', 'v3'));
    expect(b).toRoute(ratings(), at('ratings', 'v2'));
  },
  'virtual-service-ratings-mysql': (b, at) => {
    expect(b).toRoute(reviews(), at('reviews', 'v3'));
    expect(b).toRoute(ratings(), at('ratings', 'v2-mysql'));
  },
  'virtual-service-ratings-mysql-vm': (b, at) => {
    expect(b).toRoute(reviews(), at('reviews', 'v3'));
    expect(b).toRoute(ratings(), at('ratings', 'v2-mysql-vm'));
  },
  // mutual TLS and load balancing change how, not where: every service stays on v1
  'destination-rule-all-mtls': (b, at) => {
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) expect(b).toRoute({ host }, at(host, 'v1'));
  },
  'destination-rule-reviews': (b, at) => {
    expect(b).toRoute(reviews(), at('reviews', 'v1'));
  },
  // egress: plain HTTP to www.googleapis.com:80 is sent on to port 443 (where the DestinationRule originates TLS)
  'egress-rule-google-apis': b => {
    expect(b).toRoute({ host: 'www.googleapis.com', port: 80 }, { to: 'www.googleapis.com', port: 443 });
    expect(b).toRoute({ host: 'www.googleapis.com' }, { to: 'googleapis', port: 443 });
    expect(b).not.toRoute({ host: 'www.googleapis.com', port: 80 }, { to: 'www.googleapis.com', port: 80 });
    // HTTPS on 443 is TLS to the sidecar: it passes through, the HTTP rule on port 80 does not apply
    expect(b).toRoute({ host: 'www.googleapis.com', port: 443, scheme: 'https' }, { to: 'www.googleapis.com', port: 443 });
  },
};

/** The samples the Gateway API cannot express (HTTPRoute has no fault injection): synthesis refuses them. */
const NOT_IN_GATEWAY_API = ['virtual-service-ratings-test-delay', 'virtual-service-ratings-test-abort'];

describe("Istio's bookinfo routing samples, simulated", () => {
  test('every sample has its documented behaviour below', () => {
    expect(Object.keys(BEHAVIOUR).sort()).toEqual(SCENARIOS.map(s => s.name).sort());
  });

  test.each(SCENARIOS.map(s => [s.name, s.description]))('%s: %s', sample => {
    BEHAVIOUR[sample](bookinfoWith(sample), SUBSET);
  });

  test('without a sample, every service routes to v1 (virtual-service-all-v1)', () => {
    const bookinfo = bookinfoWith(undefined);
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) {
      expect(bookinfo).toRoute({ host }, { to: host, subset: 'v1' });
      expect(bookinfo).toRoute({ host, headers: jason }, { to: host, subset: 'v1' });
    }
  });
});

describe("Istio's bookinfo routing samples in Gateway API routing (HTTPRoutes to each version's Service), simulated", () => {
  test.each(SCENARIOS.filter(s => !NOT_IN_GATEWAY_API.includes(s.name)).map(s => [s.name, s.description]))('%s: %s', sample => {
    BEHAVIOUR[sample](bookinfoWith(sample, RoutingApi.GATEWAY_API), VERSION_SERVICE);
  });

  test.each(NOT_IN_GATEWAY_API)('%s cannot be written with HTTPRoutes', sample => {
    expect(() => bookinfoWith(sample, RoutingApi.GATEWAY_API)).toThrow(
      "routes[0]: fault injection ('fault') cannot be expressed with the Gateway API: HTTPRoute has no filter that delays or aborts requests");
  });

  test('without a sample, every service routes to its v1 Service', () => {
    const bookinfo = bookinfoWith(undefined, RoutingApi.GATEWAY_API);
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) {
      expect(bookinfo).toRoute({ host, headers: jason }, `${host}-v1`);
      expect(bookinfo).toRoute({ host }, { to: `${host}-v1`, port: 9080 });
    }
  });
});

/** The two whole bookinfo meshes: how each is built, the port its ingress Gateway listens on, the routing of its services. */
const WHOLE_MESHES: Array<[string, (app: App) => unknown, number, string]> = [
  // what a client connects to: the ingress Service's port 80, which Istio binds to the server of the pods' 8080
  ['buildBookinfoApp (Istio routing)', buildBookinfoApp, 80, 'VirtualService'],
  // the Gateway API Gateway's listener port: 80, istiod's deployment of it listens there
  ['buildBookinfoGatewayApiApp (Gateway API routing)', buildBookinfoGatewayApiApp, 80, 'HTTPRoute'],
];

test('the Istio ingress gateway of buildBookinfoApp takes port 80 of its Service and its pods\' port 8080 (a port-forward), not 81', () => {
  const app = new App({ outdir: '.tmp/unused' });
  buildBookinfoApp(app);
  const mesh = app.charts.flatMap(chart => Testing.synth(chart));
  const ingress = (port: number) => ({ host: 'bookinfo.example.com', port, path: '/productpage', gateway: 'default/bookinfo-gateway' });
  expect(mesh).toRoute(ingress(80), { to: 'productpage', port: 9080 });
  expect(mesh).toRoute(ingress(8080), { to: 'productpage', port: 9080 });
  const other = RoutingSimulator.of(mesh).route(ingress(81));
  expect([other.routedBy, other.destinations, other.caveats]).toEqual([RoutedBy.NONE, [], ['Gateway default/bookinfo-gateway has no server on port 81']]);
});

describe.each(WHOLE_MESHES)('the whole bookinfo mesh, %s: ingress gateway and deny-by-default authorization', (_name, build, port, kind) => {
  const app = new App({ outdir: '.tmp/unused' });
  build(app);
  // synthesized once: the matchers take the manifests as they take a chart
  const mesh = app.charts.flatMap(chart => Testing.synth(chart));
  const productpage = { workload: 'default/productpage-v1' };
  const ratingsPod = { workload: 'default/ratings-v1' };
  const ingress = (path: string) => ({ host: 'bookinfo.example.com', port, path, gateway: 'default/bookinfo-gateway' });

  test('the product page, its static files and the products API enter through the gateway to productpage', () => {
    for (const path of ['/productpage', '/static/bootstrap.css', '/login', '/logout', '/api/v1/products/0']) {
      expect(mesh).toRoute(ingress(path), { to: 'productpage', port: 9080 });
    }
  });


  test(`the gateway's route is the ${kind} bookinfo`, () => {
    expect(RoutingSimulator.of(mesh).route(ingress('/productpage'))).toEqual(expect.objectContaining({
      gateway: 'default/bookinfo-gateway',
      rule: { kind, namespace: 'default', name: 'bookinfo', index: 0, matchIndex: 0 },
    }));
  });

  test('the gateway lets the product page in, and productpage lets the gateway in', () => {
    expect(mesh).toAllowRequest(ingress('/productpage'));
  });

  test('other paths find no route at the gateway: it answers 404', () => {
    for (const path of ['/', '/productpage/x', '/loginx', '/api/v1']) {
      expect(mesh).toRespond(ingress(path), 404);
      expect(mesh).not.toRoute(ingress(path), 'productpage');
    }
    expect(mesh).not.toRespond(ingress('/productpage'), 404);
  });

  test('productpage may call reviews and details with GET, reviews may call ratings', () => {
    expect(mesh).toAllowRequest({ host: 'reviews', port: 9080, source: productpage });
    expect(mesh).toAllowRequest({ host: 'details', port: 9080, source: productpage });
    expect(mesh).toAllowRequest({ host: 'ratings', port: 9080, source: { workload: 'default/reviews-v2' } });
  });

  test('ratings may not call productpage, nor productpage POST to reviews or call ratings: the mesh-wide allow-nothing decides', () => {
    expect(mesh).toDenyRequest({ host: 'productpage', port: 9080, source: ratingsPod }, { policy: 'istio-system/allow-nothing' });
    expect(mesh).toDenyRequest({ host: 'reviews', port: 9080, method: 'POST', source: productpage }, { policy: 'istio-system/allow-nothing' });
    expect(mesh).toDenyRequest({ host: 'ratings', port: 9080, source: productpage }, { policy: 'istio-system/allow-nothing' });
    expect(mesh).not.toDenyRequest({ host: 'productpage', port: 9080, source: ratingsPod }, { policy: 'default/productpage' });
    expect(mesh).not.toAllowRequest({ host: 'productpage', port: 9080, source: ratingsPod });
  });
});
