import { Chart, Testing } from 'cdk8s';
import { AuthorizationMode, Mesh, MeshOwnership, MeshProps, OutboundTrafficMode } from '../../../src';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const OPEN = AuthorizationMode.OPEN;
const REGISTRY_ONLY = OutboundTrafficMode.REGISTRY_ONLY;

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

/** The security objects (AuthorizationPolicies and Sidecars), as `kind namespace/name` and spec. */
function securityObjects(chart: Chart) {
  return Testing.synth(chart).filter(o => o.kind === 'AuthorizationPolicy' || o.kind === 'Sidecar')
    .map(o => ({ id: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, spec: o.spec }));
}

describe('meshSecurityObjects and namespaceSecurityObjects', () => {
  test('GIVEN a mesh with no security settings THEN no AuthorizationPolicy or Sidecar is emitted', () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addNamespace('shop');
    // THEN
    expect(securityObjects(chart)).toEqual([]);
  });

  test('GIVEN a mesh that denies by default THEN the root namespace gets allow-nothing, and no namespace repeats it', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY, rootNamespace: 'mesh-root' });
    // WHEN
    mesh.addNamespace('shop', { authorization: DENY });
    // THEN
    expect(securityObjects(chart)).toEqual([{ id: 'AuthorizationPolicy mesh-root/allow-nothing', spec: {} }]);
  });

  test('GIVEN an open mesh THEN a denying namespace gets allow-nothing and an explicitly open one nothing', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: OPEN });
    // WHEN
    mesh.addNamespace('shop', { authorization: DENY });
    mesh.addNamespace('legacy', { authorization: OPEN });
    // THEN
    expect(securityObjects(chart)).toEqual([{ id: 'AuthorizationPolicy shop/allow-nothing', spec: {} }]);
  });

  test('GIVEN a denying mesh THEN an open namespace gets allow-all', () => {
    // GIVEN
    const { chart, mesh } = setup({ authorization: DENY });
    // WHEN
    mesh.addNamespace('legacy', { authorization: OPEN });
    // THEN
    expect(securityObjects(chart)).toEqual([
      { id: 'AuthorizationPolicy istio-system/allow-nothing', spec: {} },
      { id: 'AuthorizationPolicy legacy/allow-all', spec: { rules: [{}] } },
    ]);
  });

  test('GIVEN mesh-wide scoping THEN every namespace but the root gets a scoped default Sidecar; the root namespace none without an outbound mode', () => {
    // GIVEN
    const { chart, mesh } = setup({ sidecarScoping: true });
    // WHEN
    mesh.addNamespace('shop');
    // THEN
    expect(securityObjects(chart)).toEqual([
      { id: 'Sidecar default/default', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } },
      { id: 'Sidecar shop/default', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } },
    ]);
  });

  test('GIVEN a mesh-wide outbound mode only THEN the root namespace carries it for every namespace, importing everything', () => {
    // GIVEN
    const { chart, mesh } = setup({ outboundTraffic: REGISTRY_ONLY });
    // WHEN
    mesh.addNamespace('shop');
    // THEN
    expect(securityObjects(chart)).toEqual([
      { id: 'Sidecar istio-system/default', spec: { egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    ]);
  });

  test("GIVEN a namespace's own scoping or outbound mode THEN its default Sidecar has them, completed by the mesh's", () => {
    // GIVEN
    const { chart, mesh } = setup({ outboundTraffic: REGISTRY_ONLY });
    // WHEN
    mesh.addNamespace('scoped', { sidecarScoping: true });
    mesh.addNamespace('open', { outboundTraffic: OutboundTrafficMode.ALLOW_ANY });
    // THEN
    expect(securityObjects(chart)).toEqual([
      { id: 'Sidecar istio-system/default', spec: { egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
      { id: 'Sidecar scoped/default', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
      { id: 'Sidecar open/default', spec: { egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'ALLOW_ANY' } } },
    ]);
  });

  test("GIVEN an app-team mesh with an outbound mode THEN each owned namespace carries it (the root namespace is the platform's)", () => {
    // GIVEN
    const { chart } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), outboundTraffic: REGISTRY_ONLY });
    // THEN
    expect(securityObjects(chart)).toEqual([
      { id: 'Sidecar shop/default', spec: { egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    ]);
  });
});
