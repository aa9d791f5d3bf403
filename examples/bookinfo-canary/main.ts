// The bookinfo mesh with a canary of reviews (v1 → v2), written as a user writes it with the
// package's public API alone. It is the reference of the language bindings: examples/python,
// examples/java and examples/go write the same app and must synthesize the same bytes into their
// output directory as this one does into dist/bookinfo-canary/ (`npm run example`). Like every
// cdk8s app it writes to $CDK8S_OUTDIR, or dist/ when that is not set.
import { Chart } from 'cdk8s';
import {
  Canary, CanaryTesters, Gateway, GatewayServer, GatewayWorkload, Mesh, MeshApp, Protocol, StringMatch,
} from '../../src';

const IMAGES = 'registry.istio.io/release/examples-bookinfo';
const TAG = '1.20.3';
const image = (name: string) => `${IMAGES}-${name}:${TAG}`;

const app = new MeshApp();
const chart = new Chart(app, 'bookinfo');
const mesh = new Mesh(chart, 'mesh');

const http = [{ port: 9080, protocol: Protocol.HTTP }];

const productpage = mesh.addService('productpage', {
  ports: http,
  serviceAccountName: 'bookinfo-productpage',
  versions: [{ name: 'v1', image: image('productpage-v1') }],
});
const details = mesh.addService('details', {
  ports: http,
  serviceAccountName: 'bookinfo-details',
  versions: [{ name: 'v1', image: image('details-v1') }],
});
const reviews = mesh.addService('reviews', {
  ports: http,
  serviceAccountName: 'bookinfo-reviews',
  defaultVersion: 'v1',
  versions: [
    { name: 'v1', image: image('reviews-v1') },
    { name: 'v2', image: image('reviews-v2') },
  ],
});
reviews.addVersion('v3', { image: image('reviews-v3'), env: { LOG_DIR: '/tmp/logs' } });
const ratings = mesh.addService('ratings', {
  ports: http,
  serviceAccountName: 'bookinfo-ratings',
  versions: [{ name: 'v1', image: image('ratings-v1') }],
});

// who calls whom: the mesh's call graph (authorization policies follow from it in a mesh that denies by default,
// sidecar scopes in one that scopes sidecars; this mesh does neither)
productpage.calls(details, { ports: [9080], methods: ['GET'] });
productpage.calls(reviews, { ports: [9080], methods: ['GET'] });
reviews.calls(ratings, { ports: [9080], methods: ['GET'] });

// the ingress: a gateway workload, an Istio Gateway on it and a route to the product page
const workload = new GatewayWorkload(chart, 'istio-ingressgateway', { mesh });
const gateway = new Gateway(chart, 'bookinfo-gateway', {
  mesh,
  workload,
  servers: [GatewayServer.http({ port: 8080, hosts: ['*'] })],
});
gateway.addRoute({
  hosts: ['*'],
  virtualServiceName: 'bookinfo',
  matches: [
    { uri: StringMatch.exact('/productpage') },
    { uri: StringMatch.prefix('/static') },
    { uri: StringMatch.prefix('/api/v1/products') },
  ],
  destinations: [{ host: productpage, port: 9080 }],
});

// the release of reviews v2: 25% of the traffic (step 1 of 4), the user jason always on v2
new Canary(chart, 'reviews-canary', {
  service: reviews,
  stableVersion: 'v1',
  canaryVersion: 'v2',
  steps: [5, 25, 50, 100],
  currentStep: 1,
  testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
});

app.synth();
