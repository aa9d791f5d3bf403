import { ApiObject, App, Chart } from 'cdk8s';
import { Mesh, MeshService, Protocol, ProxyScopeReport } from '../../../src';

/** 10 namespaces × 100 services declared with the library, each calling 3 others of its namespace, and istiod's Service. */
function generatedMesh(sidecarScoping: boolean): any[] {
  const app = new App();
  const chart = new Chart(app, 'mesh');
  const mesh = new Mesh(chart, 'mesh', { sidecarScoping });
  // the control plane's Service, as an installed istiod has it
  new ApiObject(chart, 'istiod', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15010 }, { name: 'https-webhook', port: 443, targetPort: 15017 }] },
  });
  for (let n = 0; n < 10; n++) {
    const services: MeshService[] = [];
    for (let i = 0; i < 100; i++) {
      services.push(mesh.addService(`svc-${i}`, {
        namespace: `ns-${n}`,
        ports: [{ port: 8080, protocol: Protocol.HTTP }],
        versions: [{ name: 'v1', image: 'example/app:1' }],
      }));
    }
    services.forEach((service, i) => [1, 7, 31].forEach(d => service.calls(services[(i + d) % 100])));
  }
  return chart.toJson();
}

describe("the library's Sidecars at scale", () => {
  test('1,000 services each calling 3 others with sidecarScoping: the average proxy scope falls from ~1,000 services to 4', () => {
    // GIVEN the same mesh without and with sidecarScoping
    // WHEN the proxy scope report reads each
    const unscoped = ProxyScopeReport.of(generatedMesh(false));
    const scoped = ProxyScopeReport.of(generatedMesh(true));

    // THEN every application proxy holds every service of the mesh and istiod's without scoping
    // (1,001 services; a cluster per service and per v1 subset, 2 for istiod; route configurations for 8080 and 15010)
    const everything = { services: 1001, clusters: 2002, routeConfigurations: 2, virtualHosts: 1003 };
    expect(unscoped.average).toEqual({ proxies: 1000, sidecars: 1000, gateways: 0, unscoped: everything, scoped: everything });
    // AND with it, its 3 callees and istiod: 4 services, every proxy under its own Sidecar
    expect(scoped.average.unscoped).toEqual(everything);
    expect(scoped.average.scoped).toEqual({ services: 4, clusters: 8, routeConfigurations: 2, virtualHosts: 6 });
    expect(scoped.proxies.filter(p => p.sidecar === undefined).map(p => p.proxy)).toEqual([]);
  });
});
