/**
 * The simulator against Istio's bookinfo routing samples: each sample's documented behaviour
 * (Istio's traffic-management tasks: request routing, traffic shifting, fault injection, egress)
 * asserted with the mesh matchers on the sample built with the typed API, and the whole bookinfo
 * mesh through its ingress gateway with deny-by-default authorization.
 */
import { App, Testing } from 'cdk8s';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { SCENARIOS } from '../examples/bookinfo/scenarios';
import { meshMatchers } from '../src/testing/jest';

expect.extend(meshMatchers);

/** Bookinfo (namespace default) with one sample applied. */
function bookinfoWith(sample: string): Bookinfo {
  const scenario = SCENARIOS.find(s => s.name === sample);
  if (!scenario) throw new Error(`no bookinfo sample '${sample}'`);
  const bookinfo = new Bookinfo(new App({ outdir: '.tmp/unused' }), 'bookinfo');
  scenario.apply(bookinfo);
  return bookinfo;
}

const jason = { 'end-user': 'jason' };
const reviews = (headers: { [name: string]: string } = {}) => ({ host: 'reviews', headers });
const ratings = (headers: { [name: string]: string } = {}) => ({ host: 'ratings', headers });
const v = (to: string, subset: string, weight: number) => ({ to, subset, weight });

/** Each sample's documented behaviour. */
const BEHAVIOUR: { [sample: string]: (bookinfo: Bookinfo) => void } = {
  // traffic shifting: "10% of traffic to reviews:v2", whoever the user
  'virtual-service-reviews-90-10': b => {
    expect(b).toSplit(reviews(), [v('reviews', 'v1', 90), v('reviews', 'v2', 10)]);
    expect(b).toSplit(reviews(jason), [v('reviews', 'v1', 90), v('reviews', 'v2', 10)]);
  },
  'virtual-service-reviews-80-20': b => {
    expect(b).toSplit(reviews(), [v('reviews', 'v1', 80), v('reviews', 'v2', 20)]);
  },
  'virtual-service-reviews-50-v3': b => {
    expect(b).toSplit(reviews(), [v('reviews', 'v1', 50), v('reviews', 'v3', 50)]);
  },
  'virtual-service-reviews-v3': b => {
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v3' });
    expect(b).toRoute(reviews(jason), { to: 'reviews', subset: 'v3' });
  },
  'virtual-service-reviews-v2-v3': b => {
    expect(b).toSplit(reviews(), [v('reviews', 'v2', 50), v('reviews', 'v3', 50)]);
  },
  // request routing: "jason sees the black stars (v2), everyone else the red ones (v3)"
  'virtual-service-reviews-jason-v2-v3': b => {
    expect(b).toRoute(reviews(jason), { to: 'reviews', subset: 'v2' });
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v3' });
  },
  // request routing: "jason sees v2, everyone else stays on v1"; the header's name is case-insensitive, its value is not
  'virtual-service-reviews-test-v2': b => {
    expect(b).toRoute(reviews(jason), { to: 'reviews', subset: 'v2' });
    expect(b).toRoute(reviews({ 'End-User': 'jason' }), { to: 'reviews', subset: 'v2' });
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v1' });
    expect(b).toRoute(reviews({ 'end-user': 'Jason' }), { to: 'reviews', subset: 'v1' });
    expect(b).toRoute(reviews({ 'end-user': 'jason2' }), { to: 'reviews', subset: 'v1' });
  },
  // fault injection: "a 7s delay between reviews v2 and ratings for jason"; others are not delayed
  'virtual-service-ratings-test-delay': b => {
    expect(b).toDelay(ratings(jason), { delay: '7s', percentage: 100 });
    expect(b).toRoute(ratings(jason), { to: 'ratings', subset: 'v1' });
    expect(b).not.toAbort(ratings(jason));
    expect(b).not.toDelay(ratings());
    expect(b).toRoute(ratings(), { to: 'ratings', subset: 'v1' });
  },
  // fault injection: "ratings answers HTTP 500 to jason"; others are not aborted
  'virtual-service-ratings-test-abort': b => {
    expect(b).toAbort(ratings(jason), { httpStatus: 500, percentage: 100 });
    expect(b).not.toDelay(ratings(jason));
    expect(b).not.toAbort(ratings());
    expect(b).toRoute(ratings(), { to: 'ratings', subset: 'v1' });
  },
  'virtual-service-details-v2': b => {
    expect(b).toRoute({ host: 'details' }, { to: 'details', subset: 'v2' });
  },
  'virtual-service-ratings-db': b => {
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v3' });
    expect(b).toRoute(ratings(), { to: 'ratings', subset: 'v2' });
  },
  'virtual-service-ratings-mysql': b => {
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v3' });
    expect(b).toRoute(ratings(), { to: 'ratings', subset: 'v2-mysql' });
  },
  'virtual-service-ratings-mysql-vm': b => {
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v3' });
    expect(b).toRoute(ratings(), { to: 'ratings', subset: 'v2-mysql-vm' });
  },
  // mutual TLS and load balancing change how, not where: every service stays on v1
  'destination-rule-all-mtls': b => {
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) expect(b).toRoute({ host }, { to: host, subset: 'v1' });
  },
  'destination-rule-reviews': b => {
    expect(b).toRoute(reviews(), { to: 'reviews', subset: 'v1' });
  },
  // egress: plain HTTP to www.googleapis.com:80 is sent on to port 443 (where the DestinationRule originates TLS)
  'egress-rule-google-apis': b => {
    expect(b).toRoute({ host: 'www.googleapis.com', port: 80 }, { to: 'www.googleapis.com', port: 443 });
    expect(b).toRoute({ host: 'www.googleapis.com' }, { to: 'googleapis', port: 443 });
    expect(b).not.toRoute({ host: 'www.googleapis.com', port: 80 }, { to: 'www.googleapis.com', port: 80 });
  },
};

describe("Istio's bookinfo routing samples, simulated", () => {
  test('every sample has its documented behaviour below', () => {
    expect(Object.keys(BEHAVIOUR).sort()).toEqual(SCENARIOS.map(s => s.name).sort());
  });

  test.each(SCENARIOS.map(s => [s.name, s.description]))('%s: %s', sample => {
    BEHAVIOUR[sample](bookinfoWith(sample));
  });

  test('without a sample, every service routes to v1 (virtual-service-all-v1)', () => {
    const bookinfo = new Bookinfo(new App({ outdir: '.tmp/unused' }), 'bookinfo');
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) {
      expect(bookinfo).toRoute({ host }, { to: host, subset: 'v1' });
      expect(bookinfo).toRoute({ host, headers: jason }, { to: host, subset: 'v1' });
    }
  });
});

describe('the whole bookinfo mesh (buildBookinfoApp): ingress gateway and deny-by-default authorization', () => {
  const app = new App({ outdir: '.tmp/unused' });
  buildBookinfoApp(app);
  // synthesized once: the matchers take the manifests as they take a chart
  const mesh = app.charts.flatMap(chart => Testing.synth(chart));
  const productpage = { workload: 'default/productpage-v1' };
  const ratingsPod = { workload: 'default/ratings-v1' };
  // the Gateway's server port: the pods' 8080, which the ingress Service publishes as 80
  const ingress = (path: string) => ({ host: 'bookinfo.example.com', port: 8080, path, gateway: 'default/bookinfo-gateway' });

  test('the product page, its static files and the products API enter through the gateway to productpage', () => {
    for (const path of ['/productpage', '/static/bootstrap.css', '/login', '/logout', '/api/v1/products/0']) {
      expect(mesh).toRoute(ingress(path), { to: 'productpage', port: 9080 });
    }
  });

  test('the gateway lets the product page in, and productpage lets the gateway in', () => {
    expect(mesh).toAllowRequest(ingress('/productpage'));
  });

  test('other paths find no route at the gateway', () => {
    for (const path of ['/', '/productpage/x', '/loginx', '/api/v1']) {
      expect(mesh).not.toRoute(ingress(path), 'productpage');
    }
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
