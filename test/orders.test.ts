import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { buildOrdersApp } from '../examples/orders/orders';
import { ManifestAnalysis, MeshApp } from '../src';
import { findAll, findObject, synthValid, validateManifests } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

/** The example as `npm run example` synthesizes it (dist/orders), in a temporary directory: its files and their objects. */
function synthExample(): { app: MeshApp; files: Array<[string, any[]]> } {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'out');
  const app = new MeshApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildOrdersApp(app);
  app.synth();
  const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort()
    .map((f): [string, any[]] => [f, YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJSON())]);
  return { app, files };
}

async function synthOrders() {
  const app = Testing.app();
  const example = buildOrdersApp(app);
  return { example, objects: await synthValid(example.chart) };
}

const ids = (objects: any[]) => objects.map(o => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);

/** The weighted split of the orders example (90% v1, 10% v2) to one port of orders. */
const split = (port: number) => [
  { destination: { host: 'orders', port: { number: port }, subset: 'v1' }, weight: 90 },
  { destination: { host: 'orders', port: { number: port }, subset: 'v2' }, weight: 10 },
];

describe('orders example (an app team in an existing mesh, npm run example)', () => {
  test('one file with the team\'s objects only, all valid, and analysis finds nothing at all', async () => {
    // GIVEN / WHEN
    const { app, files } = synthExample();
    // THEN
    expect(files.map(([f]) => f)).toEqual(['orders.k8s.yaml']);
    const objects = files[0][1];
    await validateManifests(objects);
    expect(ids(objects)).toEqual([
      'Namespace orders',
      'AuthorizationPolicy orders/allow-nothing',
      'Sidecar orders/default',
      'ServiceEntry orders/shipping-api',
      'VirtualService orders/shipping-api',
      'ServiceAccount orders/orders',
      'Service orders/orders',
      'DestinationRule orders/orders',
      'VirtualService orders/orders',
      'Deployment orders/orders-v1',
      'Deployment orders/orders-v2',
      'AuthorizationPolicy orders/orders',
      'Sidecar orders/orders',
      'Gateway orders/orders-gateway',
      'VirtualService orders/orders-public',
      'Gateway orders/orders-egress',
      'VirtualService orders/orders-egress-api.carrier.example.com',
    ]);
    // no error, no warning, no info
    expect(app.findings).toEqual([]);
  });

  test('what the app refers to and does not emit is what makes the analysis clean: without it, every reference is reported', async () => {
    // GIVEN
    const app = Testing.app();
    const { chart } = buildOrdersApp(app);
    const objects = await synthValid(chart);
    const lines = (options: Parameters<typeof ManifestAnalysis.analyze>[1]) =>
      ManifestAnalysis.analyze(objects, options).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`);
    // WHEN / THEN
    expect(ids(clusterObjects(app))).toEqual([
      'Namespace istio-system',
      'PeerAuthentication istio-system/default',
      'Namespace storefront',
      'Service payments/payments',
      'DestinationRule payments/payments',
      'Secret istio-system/orders-shop-example-com',
      'Service istio-system/istio-ingressgateway',
      'Pod istio-system/istio-ingressgateway-installed',
      'Service istio-system/istio-egressgateway',
      'Pod istio-system/istio-egressgateway-installed',
    ]);
    expect(lines({ clusterObjects: clusterObjects(app) })).toEqual([]);
    expect(lines({})).toEqual([
      'Error IST0101 AuthorizationPolicy orders/orders: Referenced namespace not found: "storefront"',
      'Error IST0101 Gateway orders/orders-egress: Referenced selector not found: "istio=egressgateway"',
      'Error IST0101 Gateway orders/orders-gateway: Referenced credentialName not found: "orders-shop-example-com"',
      'Error IST0101 VirtualService orders/orders: Referenced host not found: "payments.payments.svc.cluster.local"',
      'Error IST0101 VirtualService orders/orders: Referenced host+subset in destinationrule not found: "payments.payments.svc.cluster.local+v1"',
      'Error IST0101 VirtualService orders/shipping-api: Referenced host not found: "istio-egressgateway.istio-system.svc.cluster.local"',
    ]);
  });

  test('app-team mode: only the team\'s namespace, no mesh-wide policy, control plane or gateway workload', async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(objects.filter(o => o.metadata.namespace !== undefined && o.metadata.namespace !== 'orders')).toEqual([]);
    expect(findObject(objects, 'Namespace', 'orders').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(findAll(objects, 'PeerAuthentication')).toEqual([]);
    expect(ids(findAll(objects, 'Deployment'))).toEqual(['Deployment orders/orders-v1', 'Deployment orders/orders-v2']);
  });

  test('a multi-port service: HTTP, gRPC and TCP ports, and the weighted default routing on each port', async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(findObject(objects, 'Service', 'orders', 'orders').spec.ports).toEqual([
      { name: 'http', port: 8080 },
      { name: 'grpc', port: 9090 },
      { name: 'tcp-events', port: 7000 },
    ]);
    const vs = findObject(objects, 'VirtualService', 'orders', 'orders').spec;
    expect(vs.http.slice(1)).toEqual([
      { match: [{ port: 8080 }], route: split(8080) },
      { match: [{ port: 9090 }], route: split(9090) },
    ]);
    expect(vs.tcp).toEqual([{ route: split(7000) }]);
  });

  test("refunds go to the payments team's service, by its FQDN and its owner's subset", async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(findObject(objects, 'VirtualService', 'orders', 'orders').spec.http[0]).toEqual({
      name: 'refunds',
      match: [{ port: 8080, uri: { prefix: '/api/refunds' } }],
      route: [{ destination: { host: 'payments.payments.svc.cluster.local', port: { number: 8080 }, subset: 'v1' } }],
      timeout: '5s',
    });
    expect(objects.filter(o => o.metadata.namespace === 'payments' || o.metadata.name === 'payments')).toEqual([]);
  });

  test('the workload: command, args, probes on three ports, env from fields and Secrets', async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    const replicas = findAll(objects, 'Deployment').map(d => [d.metadata.name, d.spec.replicas, d.spec.template.spec.containers[0].image]);
    expect(replicas).toEqual([['orders-v1', 3, 'ghcr.io/example-shop/orders:1.8.2'], ['orders-v2', 1, 'ghcr.io/example-shop/orders:1.9.0']]);
    const container = findObject(objects, 'Deployment', 'orders-v2', 'orders').spec.template.spec.containers[0];
    expect(container).toMatchObject({
      name: 'orders',
      command: ['/app/orders'],
      args: ['--http-port=8080', '--grpc-port=9090', '--events-port=7000'],
      ports: [{ containerPort: 8080 }, { containerPort: 9090 }, { containerPort: 7000 }],
      startupProbe: { tcpSocket: { port: 7000 }, periodSeconds: 2, failureThreshold: 30 },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
      livenessProbe: { grpc: { port: 9090 }, periodSeconds: 20 },
    });
    expect(container.env).toEqual([
      { name: 'PAYMENTS_GRPC_ADDR', value: 'payments.payments.svc.cluster.local:9090' },
      { name: 'SHIPPING_API_URL', value: 'https://api.carrier.example.com' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } },
      { name: 'SHIPPING_API_KEY', valueFrom: { secretKeyRef: { name: 'shipping-api', key: 'key' } } },
    ]);
  });

  test("the public routes go through the cluster's installed ingress gateway, HTTPS only, with the same split as inside the mesh", async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(findObject(objects, 'networking.istio.io/Gateway', 'orders-gateway', 'orders').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['orders.shop.example.com'], tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['orders.shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'orders-shop-example-com' } },
      ],
    });
    expect(findObject(objects, 'VirtualService', 'orders-public', 'orders').spec).toEqual({
      hosts: ['orders.shop.example.com'],
      gateways: ['orders-gateway'],
      http: [
        { match: [{ uri: { prefix: '/orders.v1.Orders/' } }], route: split(9090) },
        { match: [{ uri: { prefix: '/api/' } }], route: split(8080) },
      ],
    });
  });

  test("the carrier's API: resolved by DNS, and left through the cluster's installed egress gateway by SNI", async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(findObject(objects, 'ServiceEntry', 'shipping-api', 'orders').spec).toEqual({
      hosts: ['api.carrier.example.com'],
      location: 'MESH_EXTERNAL',
      ports: [{ name: 'https', number: 443, protocol: 'HTTPS' }],
      resolution: 'DNS',
    });
    expect(findObject(objects, 'VirtualService', 'shipping-api', 'orders').spec.tls).toEqual([{
      match: [{ port: 443, sniHosts: ['api.carrier.example.com'] }],
      route: [{ destination: { host: 'istio-egressgateway.istio-system.svc.cluster.local', port: { number: 443 } } }],
    }]);
    expect(findObject(objects, 'networking.istio.io/Gateway', 'orders-egress', 'orders').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['api.carrier.example.com'], tls: { mode: 'PASSTHROUGH' } }],
    });
    expect(findObject(objects, 'VirtualService', 'orders-egress-api.carrier.example.com', 'orders').spec).toEqual({
      hosts: ['api.carrier.example.com'],
      gateways: ['orders-egress'],
      tls: [{
        match: [{ port: 443, sniHosts: ['api.carrier.example.com'] }],
        route: [{ destination: { host: 'api.carrier.example.com', port: { number: 443 } } }],
      }],
    });
  });

  test('whole-example golden', async () => {
    const { objects } = await synthOrders();
    expect(YAML.stringify(objects, { lineWidth: 0 })).toMatchSnapshot();
  });
});

describe('orders, zero trust in an app-team mesh', () => {
  test('its namespace denies by default; orders admits the installed ingress gateway on its routed ports and the storefront namespace; its Sidecar imports what it calls', async () => {
    // GIVEN / WHEN
    const { objects } = await synthOrders();
    // THEN
    expect(findObject(objects, 'AuthorizationPolicy', 'allow-nothing', 'orders').spec).toEqual({});
    expect(findObject(objects, 'AuthorizationPolicy', 'orders', 'orders').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'orders' } },
      rules: [
        { from: [{ source: { namespaces: ['storefront'] } }], to: [{ operation: { ports: ['8080', '9090'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }], to: [{ operation: { ports: ['8080', '9090'] } }] },
      ],
    });
    expect(findObject(objects, 'Sidecar', 'orders', 'orders').spec).toEqual({
      workloadSelector: { labels: { app: 'orders' } },
      egress: [{ hosts: ['istio-system/*', 'orders/api.carrier.example.com', 'payments/payments.payments.svc.cluster.local'] }],
    });
  });
});
