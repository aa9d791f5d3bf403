/**
 * Small meshes as plain manifests, for the matchers' and the route command's tests: bookinfo's
 * reviews and ratings in namespace bookinfo.
 */

const service = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'bookinfo' },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
});

const subsets = (name: string, versions: string[]) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name, namespace: 'bookinfo' },
  spec: { host: name, subsets: versions.map(v => ({ name: v, labels: { version: v } })) },
});

const virtualService = (name: string, http: any[]) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec: { hosts: [name], http },
});

const jason = [{ headers: { 'end-user': { exact: 'jason' } } }];

/** reviews: jason to v2 (http[0]), everyone else 90% v1 and 10% v3 (http[1]). */
export const REVIEWS_JASON_V2 = [
  service('reviews'),
  subsets('reviews', ['v1', 'v2', 'v3']),
  virtualService('reviews', [
    { match: jason, route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 10 }] },
  ]),
];

/** ratings: jason is delayed 7s and aborted with 500 for half of his requests (http[0]), the rest go to v1 with a timeout and retries. */
export const RATINGS_FAULTS = [
  service('ratings'),
  subsets('ratings', ['v1']),
  virtualService('ratings', [
    {
      match: jason,
      fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } }, abort: { httpStatus: 500, percentage: { value: 50 } } },
      route: [{ destination: { host: 'ratings', subset: 'v1' } }],
    },
    { route: [{ destination: { host: 'ratings', subset: 'v1' } }], timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' } },
  ]),
];

const workload = (name: string, app: string, account: string, version = 'v1') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'bookinfo' },
  spec: {
    selector: { matchLabels: { app, version } },
    template: {
      metadata: { labels: { app, version } },
      spec: { serviceAccountName: account, containers: [{ name: app, image: `example/${app}:1` }] },
    },
  },
});

/** reviews (its pods injected) only lets productpage in (GET): the policy bookinfo/reviews-viewer allows it, and nothing else. */
export const REVIEWS_AUTHORIZED = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } } },
  ...REVIEWS_JASON_V2,
  ...['v1', 'v2', 'v3'].map(v => workload(`reviews-${v}`, 'reviews', 'bookinfo-reviews', v)),
  workload('productpage-v1', 'productpage', 'bookinfo-productpage'),
  workload('ratings-v1', 'ratings', 'bookinfo-ratings'),
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'reviews-viewer', namespace: 'bookinfo' },
    spec: {
      selector: { matchLabels: { app: 'reviews' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    },
  },
];

/** reviews behind an ingress gateway (istio-ingress/gw, port 8080, every host) whose pods refuse /admin (DENY policy istio-ingress/block-admin). */
export const REVIEWS_BEHIND_GATEWAY = [
  ...REVIEWS_JASON_V2,
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ingressgateway', namespace: 'istio-ingress' },
    spec: {
      selector: { matchLabels: { istio: 'ingressgateway' } },
      template: {
        metadata: { labels: { istio: 'ingressgateway' } },
        spec: { serviceAccountName: 'ingressgateway', containers: [{ name: 'istio-proxy', image: 'auto' }] },
      },
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'istio-ingress' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'front', namespace: 'bookinfo' },
    spec: { hosts: ['*'], gateways: ['istio-ingress/gw'], http: [{ route: [{ destination: { host: 'reviews.bookinfo.svc.cluster.local', port: { number: 9080 } } }] }] },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'block-admin', namespace: 'istio-ingress' },
    spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] },
  },
];
