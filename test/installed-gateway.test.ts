import { Chart, Testing } from 'cdk8s';
import { Gateway, GatewayServer, ManifestAnalysis, Mesh, Protocol, RoutingApi, ServiceEntryResolution, StringMatch } from '../src';
import { errorOf, exactly, findAll, findObject, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

function setup(routingApi?: RoutingApi) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi });
  return { chart, mesh };
}

/** `edition.cnn.com` on 80 (HTTP) and 443 (HTTPS), resolved by DNS as Istio's egress gateway task declares it. */
function cnn(mesh: Mesh, resolution: ServiceEntryResolution | undefined = ServiceEntryResolution.DNS) {
  return mesh.addExternalService('cnn', {
    hosts: ['edition.cnn.com'],
    ports: [{ number: 80, protocol: Protocol.HTTP }, { number: 443, protocol: Protocol.HTTPS }],
    resolution,
  });
}

const lines = (findings: Array<{ code: string; resource: string; message: string }>) => findings.map(f => `${f.code} ${f.resource}: ${f.message}`);

/** The kinds of a gateway's own workload, which a gateway installed in the cluster already has. */
const WORKLOAD_KINDS = ['Deployment', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'];

describe("InstalledGatewayService: egress through Istio's installed egress gateway", () => {
  test('HTTP leaves through istio-egressgateway in istio-system by selector, and nothing of the installed gateway is emitted', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true, selector: { istio: 'egressgateway' }, installedService: {} });
    // WHEN
    egress.addEgressRoute(cnn(mesh), { port: 80 });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'networking.istio.io/Gateway', 'egress', 'istio-system').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['edition.cnn.com'] }],
    });
    expect(findObject(objects, 'VirtualService', 'cnn', 'default').spec.http).toEqual([{
      match: [{ port: 80 }],
      route: [{ destination: { host: 'istio-egressgateway.istio-system.svc.cluster.local', port: { number: 80 } } }],
    }]);
    expect(findObject(objects, 'VirtualService', 'egress-edition.cnn.com', 'istio-system').spec).toEqual({
      hosts: ['edition.cnn.com'],
      gateways: ['egress'],
      http: [{ match: [{ port: 80 }], route: [{ destination: { host: 'edition.cnn.com', port: { number: 80 } } }] }],
    });
    expect(WORKLOAD_KINDS.flatMap(kind => findAll(objects, kind))).toEqual([]);
    // the mesh's own namespaces only: the installed gateway's namespace keeps its labels
    expect(findAll(objects, 'Namespace').map(n => n.metadata.name)).toEqual(['istio-system', 'default']);
    expect(objects.filter(o => o.metadata.name === 'istio-egressgateway')).toEqual([]);
  });

  test('HTTPS passes through it by SNI on 443', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true, selector: { istio: 'egressgateway' }, installedService: {} });
    // WHEN
    egress.addEgressRoute(cnn(mesh), { port: 443 });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'cnn', 'default').spec.tls).toEqual([{
      match: [{ port: 443, sniHosts: ['edition.cnn.com'] }],
      route: [{ destination: { host: 'istio-egressgateway.istio-system.svc.cluster.local', port: { number: 443 } } }],
    }]);
  });

  test("the analysis takes the installed gateway's Service and pods as existing: clean with them, IST0101 without", async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true, selector: { istio: 'egressgateway' }, installedService: {} });
    egress.addEgressRoute(cnn(mesh), { port: 80 });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(lines(ManifestAnalysis.analyze(objects, { clusterObjects: clusterObjects(chart) }))).toEqual([]);
    expect(lines(ManifestAnalysis.analyze(objects))).toEqual([
      'IST0101 Gateway istio-system/egress: Referenced selector not found: "istio=egressgateway"',
      'IST0101 VirtualService default/cnn: Referenced host not found: "istio-egressgateway.istio-system.svc.cluster.local"',
    ]);
  });

  test("a gateway installed under other names: its Service's name, namespace and ports are given; the Gateway goes beside it", async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'out', {
      mesh,
      egress: true,
      selector: { app: 'egress-gw' },
      installedService: { name: 'egress-gw', namespace: 'gateways', ports: [{ port: 8080, name: 'http', targetPort: 8080 }] },
    });
    // WHEN
    egress.addEgressRoute(cnn(mesh), { port: 80, gatewayPort: 8080 });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'networking.istio.io/Gateway', 'out', 'gateways').spec.servers).toEqual([
      { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['edition.cnn.com'] },
    ]);
    expect(findObject(objects, 'VirtualService', 'cnn', 'default').spec.http[0].route).toEqual([
      { destination: { host: 'egress-gw.gateways.svc.cluster.local', port: { number: 8080 } } },
    ]);
    expect(findAll(objects, 'Namespace').map(n => n.metadata.name)).toEqual(['istio-system', 'default']);
    expect(lines(ManifestAnalysis.analyze(objects, { clusterObjects: clusterObjects(chart) }))).toEqual([]);
  });

  test("a selected gateway without 'installedService' and an external service resolved NONE cannot route egress; DNS can", () => {
    // GIVEN
    const { mesh } = setup();
    const bare = new Gateway(mesh, 'bare', { mesh, egress: true, selector: { istio: 'egressgateway' } });
    const installed = new Gateway(mesh, 'egress', { mesh, egress: true, selector: { istio: 'egressgateway' }, installedService: {} });
    const passthrough = mesh.addExternalService('github', { hosts: ['github.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN / THEN
    expect(() => bare.addEgressRoute(cnn(mesh), { port: 80 })).toThrow(exactly(
      "[test/mesh/bare] addEgressRoute() needs the Service of the gateway to send traffic to, but 'selector' names an existing gateway: give 'installedService' "
      + "({} for Istio's installed istio-egressgateway in istio-system, ports 80 and 443), or 'workload' instead"));
    expect(() => installed.addEgressRoute(passthrough)).toThrow(exactly(
      "[test/mesh/egress] external service 'github' cannot be routed through a gateway, as 'resolution' is NONE (Istio's default, as 'resolution' is not given): "
      + 'the gateway would connect to the address the caller asked for, which is the gateway itself; give it DNS, DNS_ROUND_ROBIN or STATIC resolution'));
    expect(() => installed.addEgressRoute(mesh.addExternalService('gh', { hosts: ['github.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }], resolution: ServiceEntryResolution.DNS })))
      .not.toThrow();
  });

  test("'gatewayPort' must be a port of the installed Service: 443 is, 8443 (a target port) is not", () => {
    // GIVEN
    const { mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true, selector: { istio: 'egressgateway' }, installedService: {} });
    const external = cnn(mesh);
    // WHEN / THEN
    expect(() => egress.addEgressRoute(external, { port: 443, gatewayPort: 8443 })).toThrow(exactly(
      "[test/mesh/egress] 'gatewayPort' 8443 is not a port of the installed gateway Service 'istio-system/istio-egressgateway' (ports: 80 (target 8080), 443 (target 8443)): "
      + "add it to 'installedService.ports'"));
    expect(() => egress.addEgressRoute(external, { port: 443, gatewayPort: 443 })).not.toThrow();
  });

  test("'installedService' needs 'selector', valid names and ports, and Istio's API", () => {
    // GIVEN
    const { mesh } = setup();
    const gatewayApi = setup(RoutingApi.GATEWAY_API).mesh;
    // WHEN / THEN
    expect(errorOf(() => new Gateway(mesh, 'a', { mesh, egress: true, installedService: {} }))).toBe(
      "[test/mesh/a] 'installedService' describes the Service of the installed gateway 'selector' names: give 'selector' too");
    expect(errorOf(() => new Gateway(mesh, 'b', {
      mesh, namespace: 'gw', selector: { istio: 'egressgateway' }, installedService: { name: 'Egress', namespace: 'gw_ns', ports: [{ port: 0, name: 'http' }] },
    }))).toBe([
      "[test/mesh/b] 'installedService.name' must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got 'Egress'",
      "[test/mesh/b] 'installedService.namespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'gw_ns'",
      "[test/mesh/b] 'installedService.ports[0].port' must be an integer between 1 and 65535, got 0",
    ].join('\n'));
    expect(() => new Gateway(mesh, 'c', { mesh, selector: { istio: 'egressgateway' }, installedService: { name: 'egress', namespace: 'gw', ports: [{ port: 1, name: 'http' }] } }))
      .not.toThrow();
    expect(errorOf(() => new Gateway(gatewayApi, 'd', { mesh: gatewayApi, installedService: {} }))).toBe(
      "[test/mesh/d] 'installedService' configures Istio gateway pods, but the mesh emits Gateway API objects (RoutingApi.GATEWAY_API): "
      + "istiod deploys the pods of a Gateway of class 'istio' itself");
  });
});

describe("InstalledGatewayService: ingress through Istio's installed ingress gateway", () => {
  test('routes to a MeshService and to an external service pass the analysis, with the installed Service declared or not', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const shop = mesh.addService('shop', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'example/shop:v1' }] });
    const ingress = new Gateway(mesh, 'ingress', {
      mesh, selector: { istio: 'ingressgateway' }, installedService: {}, servers: [GatewayServer.http({ hosts: ['shop.example.com'] })],
    });
    // WHEN
    ingress.addRoute({ hosts: ['shop.example.com'], matches: [{ uri: StringMatch.prefix('/docs') }], destinations: [{ host: cnn(mesh), port: 80 }] });
    ingress.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: shop }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'networking.istio.io/Gateway', 'ingress', 'istio-system').spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(WORKLOAD_KINDS.flatMap(kind => findAll(objects, kind)).map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/shop-v1', 'Service/shop', 'ServiceAccount/shop']);
    expect(lines(ManifestAnalysis.analyze(objects, { clusterObjects: clusterObjects(chart) }))).toEqual([]);
    // istioctl's own default resources stand for the installed ingress gateway too
    expect(lines(ManifestAnalysis.analyze(objects))).toEqual([]);
  });
});
