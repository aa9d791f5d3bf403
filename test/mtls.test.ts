import { Chart, Testing } from 'cdk8s';
import { ClientTls, ControlPlane, DataPlane, Mesh, MeshOwnership, MeshProps, MeshServiceOptions, MtlsMode, RoutingApi } from '../src';
import { exactly, findAll, findObject, synthProblems, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

/** `reviews` in `namespace` (default: the mesh's) with HTTP port 9080 and version v1. */
function reviews(mesh: Mesh, options: MeshServiceOptions = {}) {
  return mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/reviews:v1' }], ...options });
}

const SERVICE = 'test/mesh/reviews';
const PA = 'security.istio.io/v1';

describe('mutual TLS at every scope', () => {
  describe('PeerAuthentications', () => {
    test('a namespace mode emits the PeerAuthentication default in the namespace', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addNamespace('shop', { mtls: MtlsMode.PERMISSIVE });
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'PeerAuthentication')).toEqual([
        { apiVersion: PA, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } },
        { apiVersion: PA, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
      ]);
    });

    test('a namespace without a mode emits no PeerAuthentication', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addNamespace('shop');
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'PeerAuthentication').map(p => p.metadata.namespace)).toEqual(['istio-system']);
    });

    test('a namespace added before gets its mode later, once; the same mode again is idempotent', async () => {
      // GIVEN
      const { chart, mesh } = setup({ namespaces: ['shop'] });
      // WHEN
      mesh.addNamespace('shop', { mtls: MtlsMode.DISABLE });
      mesh.addNamespace('shop', { mtls: MtlsMode.DISABLE });
      mesh.addNamespace('shop');
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'DISABLE' } });
    });

    test('a second, different namespace mode is an error', () => {
      // GIVEN
      const { mesh } = setup();
      mesh.addNamespace('shop', { mtls: MtlsMode.DISABLE });
      // WHEN / THEN
      expect(() => mesh.addNamespace('shop', { mtls: MtlsMode.STRICT }))
        .toThrow(exactly("[test/mesh] namespace 'shop' already has mTLS mode DISABLE: give its mode once"));
    });

    test('an UNSET namespace mode is written as given: the namespace inherits the mesh\'s', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addNamespace('shop', { mtls: MtlsMode.UNSET });
      // THEN
      expect(findObject(await synthValid(chart), 'PeerAuthentication', 'default', 'shop').spec).toEqual({ mtls: { mode: 'UNSET' } });
    });

    test('a mesh-wide UNSET is written as given (Istio then applies its default, PERMISSIVE)', async () => {
      // GIVEN
      const { chart, mesh } = setup({ mtls: MtlsMode.UNSET });
      // WHEN
      reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
      reviews(mesh, { namespace: 'shop', trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'UNSET' } });
    });

    test('a service mode emits a workload PeerAuthentication named after it, selecting its pods', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      const svc = reviews(mesh, { mtls: MtlsMode.PERMISSIVE });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'PeerAuthentication', 'reviews', 'default')).toEqual({
        apiVersion: PA,
        kind: 'PeerAuthentication',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'PERMISSIVE' } },
      });
      expect(svc.peerAuthentication).toBeDefined();
    });

    test('a service without a mode, on any port, emits no workload PeerAuthentication', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      const svc = reviews(mesh, { ports: [{ port: 9080 }, { port: 9090 }] });
      // THEN
      expect(findAll(await synthValid(chart), 'PeerAuthentication').map(p => p.metadata.name)).toEqual(['default']);
      expect(svc.peerAuthentication).toBeUndefined();
    });

    test('port modes are keyed by the container port, and without a service mode the workload inherits', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, {
        ports: [
          { port: 9443, targetPort: 8443, mtls: MtlsMode.STRICT },
          { port: 9080, mtls: MtlsMode.DISABLE },
          { port: 9090 },
        ],
      });
      // THEN
      expect(findObject(await synthValid(chart), 'PeerAuthentication', 'reviews', 'default').spec).toEqual({
        selector: { matchLabels: { app: 'reviews' } },
        portLevelMtls: { 8443: { mode: 'STRICT' }, 9080: { mode: 'DISABLE' } },
      });
    });

    test('a service mode and a port mode share the workload PeerAuthentication', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { mtls: MtlsMode.DISABLE, ports: [{ port: 9080, mtls: MtlsMode.UNSET }] });
      // THEN
      expect(findObject(await synthValid(chart), 'PeerAuthentication', 'reviews', 'default').spec).toEqual({
        selector: { matchLabels: { app: 'reviews' } },
        mtls: { mode: 'DISABLE' },
        portLevelMtls: { 9080: { mode: 'UNSET' } },
      });
    });

    test('the workload PeerAuthentication of a service named default leaves the name default to the namespace\'s', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addNamespace('shop', { mtls: MtlsMode.PERMISSIVE });
      // WHEN
      mesh.addService('default', { namespace: 'shop', mtls: MtlsMode.STRICT, ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'd:1' }] });
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'PeerAuthentication').filter(p => p.metadata.namespace === 'shop').map(p => [p.metadata.name, p.spec])).toEqual([
        ['default', { mtls: { mode: 'PERMISSIVE' } }],
        ['default.workload', { selector: { matchLabels: { app: 'default' } }, mtls: { mode: 'STRICT' } }],
      ]);
    });

    test('two ports on one container port need the same mode', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { ports: [{ port: 80, targetPort: 9080, mtls: MtlsMode.STRICT }, { port: 9080, mtls: MtlsMode.DISABLE }] });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] ports 80 and 9080 of service 'reviews' both target container port 9080, whose 'mtls' is one setting of the pods: give them the same mode (got STRICT and DISABLE)`,
      ]);
    });

    test('two ports on one container port with the same mode are one entry', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { ports: [{ port: 80, targetPort: 9080, mtls: MtlsMode.DISABLE }, { port: 9080, mtls: MtlsMode.DISABLE }] });
      // THEN
      expect(findObject(await synthValid(chart), 'PeerAuthentication', 'reviews', 'default').spec.portLevelMtls).toEqual({ 9080: { mode: 'DISABLE' } });
    });
  });

  describe('an app-team mesh', () => {
    test('emits the PeerAuthentication of a namespace it owns, and expects the one of a namespace it does not', async () => {
      // GIVEN
      const { chart, mesh } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), mtls: MtlsMode.PERMISSIVE });
      // WHEN
      mesh.addNamespace('shop', { mtls: MtlsMode.STRICT });
      mesh.addNamespace('payments', { mtls: MtlsMode.DISABLE });
      mesh.addNamespace('ledger');
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'PeerAuthentication')).toEqual([
        { apiVersion: PA, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } },
      ]);
      expect(clusterObjects(chart).filter(o => o.kind === 'PeerAuthentication')).toEqual([
        { apiVersion: PA, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
        { apiVersion: PA, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'DISABLE' } } },
      ]);
    });

    test('checks client TLS against the mode a namespace it does not own is said to have', async () => {
      // GIVEN
      const { chart, mesh } = setup({ ownership: MeshOwnership.appTeam(), mtls: MtlsMode.PERMISSIVE });
      mesh.addNamespace('payments', { mtls: MtlsMode.DISABLE });
      // WHEN
      reviews(mesh, { namespace: 'payments', trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        "[test/mesh/reviews.payments] client TLS mode ISTIO_MUTUAL for host 'reviews' (from test/mesh/reviews.payments) contradicts the DISABLE mTLS of namespace 'payments': the sidecars of 'reviews' accept only plain text",
      ]);
    });
  });

  describe('client TLS agrees with each port\'s mode', () => {
    const strict = (mode: string, where: string, origin: string, on = '') =>
      `[${SERVICE}] client TLS mode ${mode} for ${where} (from ${SERVICE}) contradicts ${origin}: the sidecars of 'reviews' accept only Istio mutual TLS${on} (use ClientTls.istioMutual() or leave 'tls' unset)`;
    const disabled = (where: string, origin: string, on = '') =>
      `[${SERVICE}] client TLS mode ISTIO_MUTUAL for ${where} (from ${SERVICE}) contradicts ${origin}: the sidecars of 'reviews' accept only plain text${on}`;

    test('a namespace STRICT mode rejects plain text, a PERMISSIVE one takes it', async () => {
      // GIVEN
      const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
      mesh.addNamespace('default', { mtls: MtlsMode.STRICT });
      mesh.addNamespace('shop', { mtls: MtlsMode.PERMISSIVE });
      // WHEN
      reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
      reviews(mesh, { namespace: 'shop', trafficPolicy: { tls: ClientTls.disable() } });
      // THEN
      expect(await synthProblems(chart)).toEqual([strict('DISABLE', "host 'reviews'", "the STRICT mTLS of namespace 'default'")]);
    });

    test('a service DISABLE mode rejects ISTIO_MUTUAL even in a STRICT namespace', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addNamespace('default', { mtls: MtlsMode.STRICT });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.DISABLE, trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      expect(await synthProblems(chart)).toEqual([disabled("host 'reviews'", "the DISABLE mTLS of service 'reviews' (its 'mtls')")]);
    });

    test('a service UNSET mode inherits: ISTIO_MUTUAL in a STRICT mesh is fine', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { mtls: MtlsMode.UNSET, trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    });

    test('a port STRICT mode rejects the host\'s SIMPLE on that port only', async () => {
      // GIVEN
      const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
      // WHEN
      reviews(mesh, { ports: [{ port: 9080, mtls: MtlsMode.STRICT }, { port: 9090 }], trafficPolicy: { tls: ClientTls.simple() } });
      // THEN
      expect(await synthProblems(chart)).toEqual([strict('SIMPLE', "host 'reviews'", "the STRICT mTLS of port 9080 ('mtls' of the port)", ' on port 9080')]);
    });

    test('a port-level client TLS overrides the host\'s on the port it covers', async () => {
      // GIVEN
      const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
      // WHEN
      const svc = reviews(mesh, { ports: [{ port: 9080, mtls: MtlsMode.STRICT }, { port: 9090 }], trafficPolicy: { tls: ClientTls.simple() } });
      svc.addTrafficPolicy({ tls: ClientTls.istioMutual() }, { port: 9080 });
      // THEN
      const spec = findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec;
      expect(spec.trafficPolicy).toEqual({ tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }] });
    });

    test('a port DISABLE mode rejects a version\'s ISTIO_MUTUAL that reaches it', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, {
        ports: [{ port: 9080, mtls: MtlsMode.DISABLE }, { port: 9090 }],
        versions: [{ name: 'v1', image: 'example/reviews:v1', trafficPolicy: { tls: ClientTls.istioMutual() } }],
      });
      // THEN
      expect(await synthProblems(chart)).toEqual([disabled("version 'v1'", "the DISABLE mTLS of port 9080 ('mtls' of the port)", ' on port 9080')]);
    });

    test('a version\'s ISTIO_MUTUAL overridden on the DISABLE port by a port of the version is fine', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      const svc = reviews(mesh, {
        ports: [{ port: 9080, mtls: MtlsMode.DISABLE }, { port: 9090 }],
        versions: [{ name: 'v1', image: 'example/reviews:v1', trafficPolicy: { tls: ClientTls.istioMutual() } }],
      });
      svc.addTrafficPolicy({ tls: ClientTls.disable() }, { version: 'v1', port: 9080 });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.subsets[0].trafficPolicy).toEqual({
        tls: { mode: 'ISTIO_MUTUAL' },
        portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }],
      });
    });

    test('one message per scope that decides: the host\'s DISABLE against a STRICT port and a STRICT service', async () => {
      // GIVEN
      const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
      // WHEN
      reviews(mesh, {
        mtls: MtlsMode.STRICT,
        ports: [{ port: 9080, mtls: MtlsMode.STRICT }, { port: 9090 }, { port: 9091 }],
        trafficPolicy: { tls: ClientTls.disable() },
      });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        strict('DISABLE', "host 'reviews'", "the STRICT mTLS of port 9080 ('mtls' of the port)", ' on port 9080'),
        strict('DISABLE', "host 'reviews'", "the STRICT mTLS of service 'reviews' (its 'mtls')"),
      ]);
    });
  });

  describe('a service without sidecars (DataPlane.none())', () => {
    test('takes no mode: PeerAuthentications do not apply to its pods', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { dataPlane: DataPlane.none(), mtls: MtlsMode.STRICT, ports: [{ port: 9080, mtls: MtlsMode.DISABLE }] });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] service 'reviews' has no sidecar (DataPlane.none()), so no PeerAuthentication applies to its pods: drop 'mtls', 'mtls' of port 9080, or give it a data plane with sidecars`,
      ]);
    });

    test('takes plain text in a STRICT mesh, and gets no derived client TLS with auto mTLS off', async () => {
      // GIVEN
      const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
      new ControlPlane(chart, 'cp', { mesh, meshConfig: { enableAutoMtls: false } });
      // WHEN
      reviews(mesh, { dataPlane: DataPlane.none(), trafficPolicy: { tls: ClientTls.disable() } });
      reviews(mesh, { namespace: 'shop', dataPlane: DataPlane.none() });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'DestinationRule', 'reviews', 'default').spec.trafficPolicy).toEqual({ tls: { mode: 'DISABLE' } });
      expect(findObject(objects, 'DestinationRule', 'reviews', 'shop').spec.trafficPolicy).toBeUndefined();
    });

    test('cannot take Istio mutual TLS', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      reviews(mesh, { dataPlane: DataPlane.none(), trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] client TLS mode ISTIO_MUTUAL for host 'reviews' (from ${SERVICE}) needs a sidecar, but 'reviews' has none (DataPlane.none()): `
        + "its pods accept only what the application serves (use ClientTls.disable(), simple() or mutual(), or leave 'tls' unset)",
      ]);
    });
  });

  describe('client TLS the DestinationRule carries where auto mTLS cannot reach a STRICT port', () => {
    test('a STRICT service in a DISABLE namespace gets ISTIO_MUTUAL on its ports', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addNamespace('default', { mtls: MtlsMode.DISABLE });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.STRICT, ports: [{ port: 9080 }, { port: 9090, mtls: MtlsMode.PERMISSIVE }] });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toEqual({
        portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }],
      });
    });

    test('a STRICT service in a PERMISSIVE namespace is left to auto mTLS', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addNamespace('default', { mtls: MtlsMode.PERMISSIVE });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.STRICT });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toBeUndefined();
    });

    test('with auto mTLS off every STRICT port gets ISTIO_MUTUAL, keeping its other port settings', async () => {
      // GIVEN
      const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
      new ControlPlane(chart, 'cp', { mesh, meshConfig: { enableAutoMtls: false } });
      // WHEN
      const svc = reviews(mesh, { ports: [{ port: 9080 }, { port: 9090, mtls: MtlsMode.PERMISSIVE }] });
      svc.addTrafficPolicy({ connectionPool: { tcp: { maxConnections: 10 } } }, { port: 9080 });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toEqual({
        portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' }, connectionPool: { tcp: { maxConnections: 10 } } }],
      });
    });

    test('with auto mTLS on (given or by default) nothing is added', async () => {
      // GIVEN
      const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
      new ControlPlane(chart, 'cp', { mesh, meshConfig: { enableAutoMtls: true } });
      // WHEN
      reviews(mesh);
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toBeUndefined();
    });

    test('with the Gateway API, a service with a traffic policy gives its versions\' Services the derived client TLS too', async () => {
      // GIVEN
      const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
      mesh.addNamespace('default', { mtls: MtlsMode.DISABLE });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.STRICT, trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } });
      // THEN
      const objects = await synthValid(chart);
      const portLevel = [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' }, connectionPool: { tcp: { maxConnections: 10 } } }];
      expect(findObject(objects, 'DestinationRule', 'reviews').spec.trafficPolicy.portLevelSettings).toEqual(portLevel);
      expect(findObject(objects, 'DestinationRule', 'reviews-v1').spec.trafficPolicy.portLevelSettings).toEqual(portLevel);
    });

    test('with the Gateway API, a service without a traffic policy whose STRICT port needs client TLS is an error', async () => {
      // GIVEN
      const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
      mesh.addNamespace('default', { mtls: MtlsMode.DISABLE });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.STRICT });
      // THEN
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] client TLS for the STRICT port 9080 of 'reviews' without a traffic policy ('trafficPolicy') cannot be expressed with the Gateway API: `
        + "auto mTLS follows the DISABLE mode of the namespace 'default', not the port's, so callers need ISTIO_MUTUAL from a DestinationRule, "
        + "and the versions' Services get one only when the service has a traffic policy: give the port client TLS (addTrafficPolicy({ tls: ClientTls.istioMutual() }, { port: 9080 }))",
      ]);
    });

    test('with the Gateway API, a STRICT port auto mTLS reaches needs no traffic policy', async () => {
      // GIVEN
      const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
      mesh.addNamespace('default', { mtls: MtlsMode.PERMISSIVE });
      // WHEN
      reviews(mesh, { mtls: MtlsMode.STRICT });
      // THEN
      expect(findAll(await synthValid(chart), 'DestinationRule').map(d => d.metadata.name)).toEqual(['reviews']);
    });

    test('client TLS the user gives is kept: nothing is derived for the ports it covers', async () => {
      // GIVEN
      const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
      new ControlPlane(chart, 'cp', { mesh, meshConfig: { enableAutoMtls: false } });
      // WHEN
      reviews(mesh, { trafficPolicy: { tls: ClientTls.istioMutual() } });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'reviews').spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    });
  });
});
