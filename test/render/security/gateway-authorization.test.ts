import { Chart, Testing } from 'cdk8s';
import { AuthorizationMode, Gateway, GatewayServer, Mesh, MeshOwnership, MeshProps, Protocol, RoutingApi, ServiceEntryResolution } from '../../../src';
import { findAll } from '../../util/validate';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const servers = [GatewayServer.http({ hosts: ['*'] })];

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

function gatewayPolicies(chart: Chart) {
  return findAll(Testing.synth(chart), 'AuthorizationPolicy').filter(p => p.metadata.name !== 'allow-nothing')
    .map(p => ({ namespace: p.metadata.namespace, name: p.metadata.name, spec: p.spec }));
}

describe('gatewayAuthorizationPolicy', () => {
  test('GIVEN a mesh that denies by default WHEN a gateway has its own workload THEN the gateway allows every request, selecting its pods in their namespace', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY });
    // WHEN
    new Gateway(chart, 'ingress', { mesh, servers });
    // THEN
    expect(gatewayPolicies(chart)).toEqual([{
      namespace: 'istio-ingress',
      name: 'ingress',
      spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'ALLOW', rules: [{}] },
    }]);
  });

  test('GIVEN an open mesh WHEN a gateway exists THEN it has no policy; WHEN its namespace denies THEN it has one', () => {
    // GIVEN
    const { chart, mesh } = setup();
    mesh.addNamespace('edge', { authorization: DENY });
    // WHEN
    new Gateway(chart, 'open', { mesh, servers });
    new Gateway(chart, 'closed', { mesh, servers, namespace: 'edge', workloadName: 'edge-gw' });
    // THEN
    expect(gatewayPolicies(chart)).toEqual([{
      namespace: 'edge',
      name: 'closed',
      spec: { selector: { matchLabels: { istio: 'edge-gw' } }, action: 'ALLOW', rules: [{}] },
    }]);
  });

  test("GIVEN a denying mesh WHEN gateways select installed pods THEN the policy goes in the pods' namespace; a selector-only gateway has none", () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY });
    // WHEN
    new Gateway(chart, 'installed', { mesh, namespace: 'routes', selector: { istio: 'ingressgateway' }, installedService: { namespace: 'gw' }, servers });
    new Gateway(chart, 'selected', { mesh, selector: { istio: 'other' }, servers });
    // THEN
    expect(gatewayPolicies(chart)).toEqual([{
      namespace: 'gw',
      name: 'installed',
      spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'ALLOW', rules: [{}] },
    }]);
  });

  test("GIVEN an app-team mesh WHEN an owned namespace denies and the installed gateway's pods are the platform's THEN no policy is emitted for it", () => {
    // GIVEN
    const { chart, mesh } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
    // WHEN
    new Gateway(chart, 'gw', { mesh, namespace: 'shop', selector: { istio: 'ingressgateway' }, installedService: {}, servers });
    // THEN
    expect(gatewayPolicies(chart)).toEqual([]);
  });

  test('GIVEN a Gateway API mesh that denies by default WHEN a gateway exists THEN its policy names the Gateway by targetRefs, not by selector', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY, routingApi: RoutingApi.GATEWAY_API });
    // WHEN
    new Gateway(chart, 'public', { mesh, namespace: 'edge', servers });
    // THEN
    expect(gatewayPolicies(chart)).toEqual([{
      namespace: 'edge',
      name: 'public',
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }], action: 'ALLOW', rules: [{}] },
    }]);
  });
});

describe('an egress gateway under deny by default', () => {
  test('GIVEN services that call an external service it routes WHEN the mesh denies THEN only their identities may send through it', () => {
    // GIVEN an egress gateway routing cnn, called by web and batch; api calls nothing external
    const { chart, mesh } = setup({ authorization: DENY });
    const egress = new Gateway(chart, 'egress', { mesh, egress: true });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }], resolution: ServiceEntryResolution.DNS });
    egress.addEgressRoute(cnn);
    const web = mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/app:1' }] });
    const batch = mesh.addService('batch', { namespace: 'jobs', serviceAccountName: 'runner', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/app:1' }] });
    mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/app:1' }] });
    // WHEN
    web.calls(cnn);
    batch.calls(cnn);
    // THEN the principals are sorted, one rule
    expect(gatewayPolicies(chart)).toEqual(expect.arrayContaining([{
      namespace: 'istio-egress',
      name: 'egress',
      spec: {
        selector: { matchLabels: { istio: 'egressgateway' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/web', 'cluster.local/ns/jobs/sa/runner'] } }] }],
      },
    }]));
  });

  test('GIVEN no service calls what it routes WHEN the mesh denies THEN it allows nothing (an ALLOW policy without rules)', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY });
    const egress = new Gateway(chart, 'egress', { mesh, egress: true });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }], resolution: ServiceEntryResolution.DNS });
    const other = mesh.addExternalService('other', { hosts: ['api.example.com'], ports: [{ number: 80, protocol: Protocol.HTTP }] });
    egress.addEgressRoute(cnn);
    // WHEN a service calls only an external service the gateway does not route
    mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/app:1' }] }).calls(other);
    // THEN
    expect(gatewayPolicies(chart).find(p => p.name === 'egress')).toEqual({
      namespace: 'istio-egress',
      name: 'egress',
      spec: { selector: { matchLabels: { istio: 'egressgateway' } }, action: 'ALLOW' },
    });
  });
});
