import { Chart, Testing } from 'cdk8s';
import { Gateway, GatewayServer, GatewayWorkload, Mesh, MeshOwnership, MeshProps, RoutingApi } from '../../../src';
import { gatewayModelOf } from '../../../src/model/gateway';
import { exactly } from '../../util/validate';

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

const servers = [GatewayServer.http({ hosts: ['*'] })];

/** The identity and owned pod namespace of a gateway's pods. */
function pods(gateway: Gateway) {
  const model = gatewayModelOf(gateway)!;
  return { identity: model.identity(), ownedNamespace: model.podNamespace() };
}

describe('gatewayPods', () => {
  test("GIVEN a gateway with its own workload THEN its pods run as the workload's ServiceAccount, in the workload's namespace", () => {
    // GIVEN
    const { chart, mesh } = setup();
    const shared = new GatewayWorkload(chart, 'shared', { mesh, name: 'edge', namespace: 'edge' });
    // THEN
    expect(pods(new Gateway(chart, 'own', { mesh, servers }))).toEqual({
      identity: { namespace: 'istio-ingress', serviceAccount: 'istio-ingressgateway' }, ownedNamespace: 'istio-ingress',
    });
    expect(pods(new Gateway(chart, 'on-shared', { mesh, servers, workload: shared, namespace: 'routes' }))).toEqual({
      identity: { namespace: 'edge', serviceAccount: 'edge' }, ownedNamespace: 'edge',
    });
  });

  test("GIVEN a gateway configuring an installed gateway THEN its pods run as 'serviceAccountName', by default <service name>-service-account", () => {
    // GIVEN
    const { chart, mesh } = setup();
    // THEN
    expect(pods(new Gateway(chart, 'a', { mesh, servers, selector: { istio: 'ingressgateway' }, installedService: {} }))).toEqual({
      identity: { namespace: 'istio-system', serviceAccount: 'istio-ingressgateway-service-account' }, ownedNamespace: 'istio-system',
    });
    expect(pods(new Gateway(chart, 'b', { mesh, servers, selector: { istio: 'b' }, installedService: { name: 'b-gw', namespace: 'gw' } }))).toEqual({
      identity: { namespace: 'gw', serviceAccount: 'b-gw-service-account' }, ownedNamespace: 'gw',
    });
    expect(pods(new Gateway(chart, 'c', { mesh, servers, selector: { istio: 'c' }, installedService: { serviceAccountName: 'c-pods' } }))).toEqual({
      identity: { namespace: 'istio-system', serviceAccount: 'c-pods' }, ownedNamespace: 'istio-system',
    });
  });

  test('GIVEN a gateway that only selects pods THEN who they run as, and so where they are, is not known', () => {
    // GIVEN
    const { chart, mesh } = setup();
    // THEN
    expect(pods(new Gateway(chart, 'x', { mesh, servers, selector: { istio: 'x' } }))).toEqual({ identity: undefined, ownedNamespace: undefined });
  });

  test('GIVEN a Gateway API gateway THEN its pods run as <name>-istio in its namespace', () => {
    // GIVEN
    const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
    // THEN
    expect(pods(new Gateway(chart, 'public', { mesh, servers, namespace: 'edge' }))).toEqual({
      identity: { namespace: 'edge', serviceAccount: 'public-istio' }, ownedNamespace: 'edge',
    });
  });

  test('GIVEN an app-team mesh THEN the pods of a gateway in a namespace it does not own are not in an owned namespace', () => {
    // GIVEN
    const { chart, mesh } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
    // THEN
    expect(pods(new Gateway(chart, 'a', { mesh, servers, namespace: 'shop', selector: { istio: 'ingressgateway' }, installedService: {} }))).toEqual({
      identity: { namespace: 'istio-system', serviceAccount: 'istio-ingressgateway-service-account' }, ownedNamespace: undefined,
    });
    expect(pods(new Gateway(chart, 'b', { mesh, servers, selector: { istio: 'b' }, installedService: { namespace: 'shop' } }))).toEqual({
      identity: { namespace: 'shop', serviceAccount: 'istio-ingressgateway-service-account' }, ownedNamespace: 'shop',
    });
  });

  test('GIVEN an installed gateway WHEN its serviceAccountName is not a DNS subdomain THEN the gateway throws', () => {
    // GIVEN
    const { chart, mesh } = setup();
    // THEN
    expect(() => new Gateway(chart, 'a', { mesh, servers, selector: { istio: 'a' }, installedService: { serviceAccountName: 'Pods' } })).toThrow(exactly(
      "[test/a] 'installedService.serviceAccountName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Pods'"));
    expect(() => new Gateway(chart, 'b', { mesh, servers, selector: { istio: 'b' }, installedService: { serviceAccountName: 'pods.v1' } })).not.toThrow();
  });
});
