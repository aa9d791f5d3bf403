import { Chart, Testing } from 'cdk8s';
import { Caller, CallerKind, Gateway, GatewayServer, Mesh } from '../src';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  return { chart, mesh };
}

describe('Caller', () => {
  test('GIVEN a service and a gateway WHEN they are callers THEN the kind is theirs and the value their construct path', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }] });
    const gateway = new Gateway(chart, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
    // WHEN
    const service = Caller.service(reviews);
    const gatewayCaller = Caller.gateway(gateway);
    // THEN
    expect({ kind: service.kind, value: service.value }).toEqual({ kind: CallerKind.SERVICE, value: 'test/mesh/reviews' });
    expect({ kind: gatewayCaller.kind, value: gatewayCaller.value }).toEqual({ kind: CallerKind.GATEWAY, value: 'test/ingress' });
  });

  test('WHEN namespace, ServiceAccount, principal and request principal callers are made THEN each keeps its value as given', () => {
    // WHEN
    const callers = [
      Caller.namespace('monitoring'),
      Caller.serviceAccount('batch', 'report'),
      Caller.principal('other.example.com/ns/a/sa/b'),
      Caller.requestPrincipal('https://issuer.example.com/alice'),
    ];
    // THEN
    expect(callers.map(c => ({ kind: c.kind, value: c.value }))).toEqual([
      { kind: CallerKind.NAMESPACE, value: 'monitoring' },
      { kind: CallerKind.SERVICE_ACCOUNT, value: 'batch/report' },
      { kind: CallerKind.PRINCIPAL, value: 'other.example.com/ns/a/sa/b' },
      { kind: CallerKind.REQUEST_PRINCIPAL, value: 'https://issuer.example.com/alice' },
    ]);
  });
});
