import { Chart, Testing } from 'cdk8s';
import { Mesh, MeshProps, MeshServiceOptions, OutboundTrafficMode, Protocol, StringMatch } from '../../../src';
import { meshModelOf } from '../../../src/model/mesh';
import { serviceModelOf } from '../../../src/model/service';
import { serviceEgressHosts } from '../../../src/render/security/sidecar';
import { findAll, findObject } from '../../util/validate';

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  const svc = (name: string, options: MeshServiceOptions = {}) =>
    mesh.addService(name, { ports: [{ port: 80 }], versions: [{ name: 'v1', image: `${name}:1` }], ...options });
  return { chart, mesh, svc };
}

describe('serviceEgressHosts', () => {
  test('GIVEN a service that calls nothing THEN it imports only the root namespace', () => {
    // GIVEN
    const { mesh, svc } = setup({ rootNamespace: 'mesh-root' });
    // THEN
    expect(serviceEgressHosts(serviceModelOf(svc('web'))!, meshModelOf(mesh)!)).toEqual(['mesh-root/*']);
  });

  test("GIVEN calls that overlap (a callee twice, a callee's route destination also called) THEN each host is imported once, sorted", () => {
    // GIVEN
    const { mesh, svc } = setup();
    const web = svc('web');
    const a = svc('a', { namespace: 'z' });
    const b = svc('b');
    const api = mesh.addExternalService('api', { namespace: 'ext', hosts: ['b.example.com', 'a.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    a.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ host: b }] });
    // WHEN
    web.calls(a);
    web.calls(b, { methods: ['GET'] });
    web.calls(a, { ports: [80] });
    web.calls(api);
    // THEN
    expect(serviceEgressHosts(serviceModelOf(web)!, meshModelOf(mesh)!)).toEqual([
      'default/b.default.svc.cluster.local',
      'ext/a.example.com',
      'ext/b.example.com',
      'istio-system/*',
      'z/a.z.svc.cluster.local',
    ]);
  });
});

describe('serviceSidecar', () => {
  test("GIVEN a scoped namespace with an outbound mode WHEN a service is in it THEN its Sidecar selects its pods and carries the namespace's mode", () => {
    // GIVEN
    const { chart, mesh, svc } = setup();
    mesh.addNamespace('shop', { sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY });
    // WHEN
    svc('orders', { namespace: 'shop' });
    // THEN
    expect(findObject(Testing.synth(chart), 'Sidecar', 'orders', 'shop')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'orders', namespace: 'shop' },
      spec: {
        workloadSelector: { labels: { app: 'orders' } },
        egress: [{ hosts: ['istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      },
    });
  });

  test("GIVEN a scoped mesh WHEN a service opts out THEN its own Sidecar imports everything (the namespace's default would scope it)", () => {
    // GIVEN
    const { chart, svc } = setup({ sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY });
    // WHEN
    svc('scoped');
    svc('unscoped', { sidecarScoping: false }).calls(svc('other'));
    // THEN
    const objects = Testing.synth(chart);
    expect(findAll(objects, 'Sidecar').map(s => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      'istio-system/default', 'default/default', 'default/scoped', 'default/unscoped', 'default/other',
    ]);
    expect(findObject(objects, 'Sidecar', 'unscoped').spec).toEqual({
      workloadSelector: { labels: { app: 'unscoped' } },
      egress: [{ hosts: ['*/*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    });
  });

  test('GIVEN an unscoped mesh and namespace WHEN a service says it is not scoped THEN it has no Sidecar', () => {
    // GIVEN
    const { chart, svc } = setup();
    // WHEN
    svc('unscoped', { sidecarScoping: false });
    // THEN
    expect(findAll(Testing.synth(chart), 'Sidecar')).toEqual([]);
  });
});
