import { Chart, Testing } from 'cdk8s';
import { Caller, DataPlane, Gateway, GatewayServer, Mesh, MeshProps, Protocol, RoutingApi } from '../../src';
import { callerSource, principalOf } from '../../src/model/caller-source';

function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

const DNS_LABEL = "must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit)";

describe('callerSource', () => {
  test("GIVEN a mesh's trust domain WHEN a workload identity is a principal THEN it is <trust domain>/ns/<namespace>/sa/<account>", () => {
    // GIVEN
    const { mesh } = setup({ trustDomain: 'prod.example.com' });
    // THEN
    expect(principalOf(mesh, { namespace: 'shop', serviceAccount: 'orders' })).toBe('prod.example.com/ns/shop/sa/orders');
  });

  test('GIVEN a MeshService WHEN it is a caller THEN its source is the principal of its ServiceAccount in its namespace', () => {
    // GIVEN
    const { mesh } = setup();
    const orders = mesh.addService('orders', { namespace: 'shop', serviceAccountName: 'orders-sa', ports: [{ port: 80 }] });
    // THEN
    expect(callerSource(Caller.service(orders), mesh)).toEqual({ source: { principals: ['cluster.local/ns/shop/sa/orders-sa'] } });
  });

  test('GIVEN a MeshService without a proxy (DataPlane.none()) WHEN it is a caller THEN it is a problem: its requests carry no mTLS identity', () => {
    // GIVEN
    const { mesh } = setup();
    const batch = mesh.addService('batch', { dataPlane: DataPlane.none(), ports: [{ port: 80 }] });
    const web = mesh.addService('web', { dataPlane: DataPlane.webhook(), ports: [{ port: 80 }] });
    // THEN
    expect(callerSource(Caller.service(batch), mesh)).toEqual({
      problem: 'Caller.service(test/mesh/batch) has no workload identity: its pods run without a proxy (DataPlane.none()), so its requests carry no mTLS identity to allow',
    });
    expect(callerSource(Caller.service(web), mesh)).toEqual({ source: { principals: ['cluster.local/ns/default/sa/web'] } });
  });

  test('GIVEN ServiceReferences and an ExternalService WHEN they are callers THEN a reference with serviceAccountName has a source, the others a problem', () => {
    // GIVEN
    const { mesh } = setup();
    const known = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }], serviceAccountName: 'catalog' });
    const unknown = mesh.referenceService('search', { namespace: 'search', ports: [{ port: 80 }] });
    const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    const why = "has no workload identity: it is not a workload of this app or a ServiceReference with 'serviceAccountName' (an ExternalService calls nothing in the mesh)";
    // THEN
    expect(callerSource(Caller.service(known), mesh)).toEqual({ source: { principals: ['cluster.local/ns/catalog/sa/catalog'] } });
    expect(callerSource(Caller.service(unknown), mesh)).toEqual({ problem: `Caller.service(test/mesh/reference-search.search) ${why}` });
    expect(callerSource(Caller.service(api), mesh)).toEqual({ problem: `Caller.service(test/mesh/external-api) ${why}` });
  });

  test('GIVEN gateways of each kind WHEN they are callers THEN their pods are named by their account; a selector-only gateway has a problem', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const servers = [GatewayServer.http({ hosts: ['*'] })];
    const own = new Gateway(chart, 'own', { mesh, servers, workloadName: 'edge-gw' });
    const installed = new Gateway(chart, 'installed', { mesh, servers, selector: { istio: 'ingressgateway' }, installedService: {} });
    const named = new Gateway(chart, 'named', { mesh, servers, selector: { istio: 'x' }, installedService: { name: 'x', namespace: 'gw', serviceAccountName: 'x-pods' } });
    const selected = new Gateway(chart, 'selected', { mesh, servers, selector: { istio: 'y' } });
    // THEN
    expect(callerSource(Caller.gateway(own), mesh)).toEqual({ source: { principals: ['cluster.local/ns/istio-ingress/sa/edge-gw'] } });
    expect(callerSource(Caller.gateway(installed), mesh)).toEqual({ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } });
    expect(callerSource(Caller.gateway(named), mesh)).toEqual({ source: { principals: ['cluster.local/ns/gw/sa/x-pods'] } });
    expect(callerSource(Caller.gateway(selected), mesh)).toEqual({
      problem: "Caller.gateway(test/selected) has no workload identity: who its pods run as is not known (it selects existing pods by 'selector'): give the "
        + "gateway 'installedService' with its 'serviceAccountName', or allow Caller.serviceAccount(namespace, name)",
    });
  });

  test('GIVEN a Gateway API gateway WHEN it is a caller THEN its pods are <name>-istio in its namespace (as istiod deploys them)', () => {
    // GIVEN
    const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
    const gateway = new Gateway(chart, 'public', { mesh, namespace: 'edge', servers: [GatewayServer.http({ hosts: ['*'] })] });
    // THEN
    expect(callerSource(Caller.gateway(gateway), mesh)).toEqual({ source: { principals: ['cluster.local/ns/edge/sa/public-istio'] } });
  });

  test('WHEN a namespace caller is a DNS label THEN its source names it; otherwise it is a problem', () => {
    // GIVEN
    const { mesh } = setup();
    // THEN
    expect(callerSource(Caller.namespace('a-1'), mesh)).toEqual({ source: { namespaces: ['a-1'] } });
    expect(callerSource(Caller.namespace('A'), mesh)).toEqual({ problem: "'Caller.namespace' must be a namespace name (DNS-1123 label), or one '*' at most, as prefix, suffix or alone, got 'A'" });
  });

  test('WHEN a ServiceAccount caller has a DNS-label namespace and a DNS-subdomain name THEN it is a principal; otherwise a problem', () => {
    // GIVEN
    const { mesh } = setup({ trustDomain: 'td.example' });
    // THEN
    expect(callerSource(Caller.serviceAccount('batch', 'report.v1'), mesh)).toEqual({ source: { principals: ['td.example/ns/batch/sa/report.v1'] } });
    expect(callerSource(Caller.serviceAccount('batch.v1', 'report'), mesh)).toEqual({ problem: `'Caller.serviceAccount namespace' ${DNS_LABEL}, got 'batch.v1'` });
    expect(callerSource(Caller.serviceAccount('batch', 'Report'), mesh)).toEqual({
      problem: "'Caller.serviceAccount name' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Report'",
    });
  });

  test.each([['*'], ['*/sa/admin'], ['cluster.local/ns/a/*'], ['cluster.local/ns/a/sa/b']])(
    "WHEN a principal and a request principal are '%s' THEN they are accepted (Istio: at most one '*', alone or at either end)", (value) => {
      // GIVEN
      const { mesh } = setup();
      // THEN
      expect(callerSource(Caller.principal(value), mesh)).toEqual({ source: { principals: [value] } });
      expect(callerSource(Caller.requestPrincipal(value), mesh)).toEqual({ source: { requestPrincipals: [value] } });
    });

  test.each([['**'], ['*a*'], ['a*b'], ['*a/*']])("WHEN a principal and a request principal are '%s' THEN they are refused: one '*' at most, at an end", (value) => {
    // GIVEN
    const { mesh } = setup();
    // THEN
    expect(callerSource(Caller.principal(value), mesh)).toEqual({
      problem: `'Caller.principal' may hold one '*' at most, as prefix, suffix or alone (e.g. 'cluster.local/ns/shop/*'): Istio reads any other '*' as a literal character, got '${value}'`,
    });
    expect(callerSource(Caller.requestPrincipal(value), mesh)).toEqual({
      problem: `'Caller.requestPrincipal' may hold one '*' at most, as prefix, suffix or alone (e.g. 'https://issuer.example.com/*'): Istio reads any other '*' as a literal character, got '${value}'`,
    });
  });

  test("WHEN a principal is empty or not of Istio's form THEN it is refused with the form", () => {
    // GIVEN
    const { mesh } = setup();
    // THEN
    expect(callerSource(Caller.principal(''), mesh)).toEqual({ problem: "'Caller.principal' must not be empty" });
    expect(callerSource(Caller.principal('x'), mesh)).toEqual({
      problem: "'Caller.principal' must be '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/frontend'), or one '*' at most, as prefix, suffix or alone, got 'x'",
    });
    expect(callerSource(Caller.requestPrincipal('x'), mesh)).toEqual({
      problem: "'Caller.requestPrincipal' must be '<issuer>/<subject>' (e.g. 'https://issuer.example.com/alice'), or one '*' at most, as prefix, suffix or alone, got 'x'",
    });
  });
});
