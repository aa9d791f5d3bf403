import { Chart, Duration, Testing } from 'cdk8s';
import { AuthorizationMode, Canary, Gateway, GatewayServer, GatewayWorkload, Mesh, Protocol, StringMatch } from '../../../src';
import { RoutedBy, RoutingSimulator } from '../../../src/analysis/simulate/facade';

const VERSIONS = ['v1', 'v2', 'v3'].map(name => ({ name, image: `example/reviews:${name}` }));

/** A mesh as the library writes it: reviews (three versions, a tester route, a 75/25 canary), a multi-port service, a caller in another namespace, and an ingress gateway. */
function bookstore() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', { authorization: AuthorizationMode.DENY_BY_DEFAULT });
  const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: VERSIONS });
  reviews.addRoute({
    name: 'jason',
    matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
    destinations: [{ version: 'v3' }],
    timeout: Duration.seconds(2),
  });
  new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 25 });
  const orders = mesh.addService('orders', {
    ports: [{ port: 8080, protocol: Protocol.HTTP }, { port: 9090, protocol: Protocol.GRPC }, { port: 9000, protocol: Protocol.TCP }],
    versions: [{ name: 'v1', image: 'orders:1' }],
  });
  const web = mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'web:1' }] });
  web.calls(reviews, { ports: [9080], methods: ['GET'] });
  const workload = new GatewayWorkload(chart, 'ingress', { mesh });
  const gateway = new Gateway(chart, 'gw', { mesh, workload, servers: [GatewayServer.http({ port: 8080, hosts: ['*'] })] });
  gateway.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.prefix('/orders') }], destinations: [{ host: orders, port: 8080 }] });
  return RoutingSimulator.of(Testing.synth(chart));
}

describe('manifests the library synthesizes', () => {
  const sim = bookstore();

  test('GIVEN the tester route, THEN jason reaches reviews v3 with its timeout', () => {
    const route = sim.route({ host: 'reviews', headers: { 'end-user': 'jason' } });
    expect(route.destinations.map(d => [d.host, d.subset, d.labels, d.port, d.weight])).toEqual([
      ['reviews.default.svc.cluster.local', 'v3', { app: 'reviews', version: 'v3' }, 9080, 100],
    ]);
    expect(route.timeout).toBe('2s');
    expect(route.rule?.ruleName).toBe('jason');
  });

  test('GIVEN the canary, THEN the rest is split 75/25 between v1 and v2', () => {
    const route = sim.route({ host: 'reviews', headers: { 'end-user': 'mary' } });
    expect(route.routedBy).toBe(RoutedBy.VIRTUAL_SERVICE);
    expect(route.destinations.map(d => [d.subset, d.weight])).toEqual([['v1', 75], ['v2', 25]]);
  });

  test('GIVEN the call graph, THEN web in shop may call reviews with GET, not with POST, and others may not', () => {
    const get = sim.route({ host: 'reviews.default.svc.cluster.local', source: { workload: 'shop/web-v1' } });
    expect(get.destinations.map(d => d.authorization?.verdict)).toEqual(['allowed', 'allowed']);
    const post = sim.route({ host: 'reviews.default.svc.cluster.local', method: 'POST', source: { workload: 'shop/web-v1' } });
    expect(post.destinations.map(d => d.authorization?.verdict)).toEqual(['denied', 'denied']);
    const stranger = sim.route({ host: 'reviews', source: { namespace: 'default', serviceAccount: 'stranger' } });
    expect(stranger.destinations.map(d => d.authorization?.verdict)).toEqual(['denied', 'denied']);
  });

  test('GIVEN a multi-port service, THEN HTTP and gRPC ports route to the Service, the TCP port is left to tcp routes', () => {
    expect(sim.route({ host: 'orders', port: 8080 }).destinations.map(d => d.port)).toEqual([8080]);
    expect(sim.route({ host: 'orders', port: 9090, method: 'POST', path: '/orders.Orders/Get' }).destinations.map(d => d.port)).toEqual([9090]);
    const tcp = sim.route({ host: 'orders', port: 9000 });
    expect(tcp.caveats).toContain('port 9000 of default/orders is not HTTP: VirtualService http rules do not apply, and tcp/tls rules are not simulated');
  });

  test('GIVEN the gateway, THEN /orders enters through it to orders:8080 and other paths get 404', () => {
    const route = sim.route({ host: 'shop.example.com', port: 8080, path: '/orders/1', gateway: 'istio-ingress/gw' });
    expect([route.routedBy, route.gateway, route.destinations.map(d => [d.service, d.port, d.weight])])
      .toEqual([RoutedBy.VIRTUAL_SERVICE, 'istio-ingress/gw', [['default/orders', 8080, 100]]]);
    expect(sim.route({ host: 'shop.example.com', port: 8080, path: '/', gateway: 'istio-ingress/gw' }).status).toBe(404);
    // the gateway lets clients in by its own policy; the library allows the gateway's identity at the Service it routes to
    expect(route.gatewayAuthorization).toEqual({ verdict: 'allowed', policy: 'istio-ingress/gw', reason: 'ALLOW policy istio-ingress/gw rule 0 matches' });
    expect(route.destinations[0].authorization).toEqual({ verdict: 'allowed', policy: 'default/orders', reason: 'ALLOW policy default/orders rule 0 matches' });
  });
});
