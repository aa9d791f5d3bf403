import { App } from 'cdk8s';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { buildBookinfoGatewayApiApp } from '../examples/bookinfo/gateway-api';
import { evaluateAuthorization } from '../src/analysis/authz';
import { readObject } from '../src/analysis/objects';

/** Every object of the example app (`npm run example`'s dist/bookinfo, dist/bookinfo-gateway-api), as the analysis reads them. */
function manifests(build: (app: App) => unknown): any[] {
  const app = new App();
  build(app);
  return app.charts.flatMap(c => c.toJson()).map(o => readObject(o, false));
}

const sa = (ns: string, name: string) => `cluster.local/ns/${ns}/sa/${name}`;
const PRODUCTPAGE = sa('default', 'bookinfo-productpage');
const REVIEWS = sa('default', 'bookinfo-reviews');
const RATINGS = sa('default', 'bookinfo-ratings');
const DETAILS = sa('default', 'bookinfo-details');

/** Istio's verdict on a GET (unless `method` says otherwise) from `principal` to a service's pods, on its port 9080. */
function verdict(objects: any[], service: string, principal: string | null, method = 'GET'): string {
  return evaluateAuthorization(objects, { namespace: 'default', labels: { app: service, version: 'v1' } },
    { principal, method, path: `/${service}`, port: 9080 }, 'istio-system').verdict;
}

describe('bookinfo, deny-by-default (the example)', () => {
  const bookinfo = manifests(app => buildBookinfoApp(app));

  test('exactly the calls bookinfo makes are allowed: productpage → details and reviews, reviews → ratings, the ingress gateway → productpage', () => {
    // GIVEN the example's policies; WHEN each declared call is evaluated; THEN Istio allows it
    expect([
      verdict(bookinfo, 'details', PRODUCTPAGE),
      verdict(bookinfo, 'reviews', PRODUCTPAGE),
      verdict(bookinfo, 'ratings', REVIEWS),
      verdict(bookinfo, 'productpage', sa('istio-ingress', 'istio-ingressgateway')),
    ]).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
  });

  test('an undeclared caller is not allowed: every other pair of bookinfo services, another namespace, plain text, another method', () => {
    // GIVEN the example's policies
    // WHEN calls bookinfo does not make are evaluated
    const undeclared = [
      verdict(bookinfo, 'ratings', PRODUCTPAGE),
      verdict(bookinfo, 'details', REVIEWS),
      verdict(bookinfo, 'reviews', RATINGS),
      verdict(bookinfo, 'productpage', DETAILS),
      verdict(bookinfo, 'details', RATINGS),
      verdict(bookinfo, 'reviews', sa('istio-ingress', 'istio-ingressgateway')),
      verdict(bookinfo, 'details', sa('shop', 'bookinfo-productpage')),
      verdict(bookinfo, 'details', null),
      verdict(bookinfo, 'details', PRODUCTPAGE, 'POST'),
    ];
    // THEN Istio denies each of them
    expect(undeclared).toEqual(Array(undeclared.length).fill('denied'));
  });

  test('a workload that is not a bookinfo service is denied by the mesh-wide allow-nothing policy', () => {
    const result = evaluateAuthorization(bookinfo, { namespace: 'default', labels: { app: 'debug' } },
      { principal: PRODUCTPAGE, method: 'GET', path: '/', port: 8080 }, 'istio-system');
    expect(result).toEqual({ verdict: 'denied', policy: 'istio-system/allow-nothing', action: 'ALLOW', allowPolicies: ['istio-system/allow-nothing'] });
  });

  test('the Gateway API variant admits its gateway (bookinfo-gateway-istio) into productpage and nowhere else', () => {
    const gatewayApi = manifests(app => buildBookinfoGatewayApiApp(app));
    const gateway = sa('default', 'bookinfo-gateway-istio');
    expect([verdict(gatewayApi, 'productpage', gateway), verdict(gatewayApi, 'reviews', gateway), verdict(gatewayApi, 'details', PRODUCTPAGE)])
      .toEqual(['allowed', 'denied', 'allowed']);
  });
});
