import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ControlPlane, DataPlane, IstioCrds, IstioRelease, Mesh, MeshApp, MeshOwnership, MeshOwnershipMode, MtlsMode } from '../src';
import { exactly, findAll, findObject, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

/** The findings of the app's synth-time analysis, one line each. */
function findings(app: MeshApp): string[] {
  return app.analyze().map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`);
}

function appTeamApp(ownership: MeshOwnership = MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), extra: object = {}) {
  const app = new MeshApp({ outdir: path.join(__dirname, 'never-written'), analysisOptions: { assumeInjected: false } });
  const chart = new Chart(app, 'team');
  const mesh = new Mesh(chart, 'mesh', { ownership, ...extra });
  return { app, chart, mesh };
}

describe('MeshOwnership', () => {
  test('the default is the platform: the mesh emits the root namespace, the mesh-wide PeerAuthentication and every namespace', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    const mesh = new Mesh(chart, 'mesh', { namespaces: ['shop'] });
    // THEN
    const objects = await synthValid(chart);
    expect(mesh.ownership.mode).toBe(MeshOwnershipMode.PLATFORM);
    expect(findAll(objects, 'Namespace').map(n => n.metadata.name)).toEqual(['istio-system', 'default', 'shop']);
    expect(findObject(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(clusterObjects(chart)).toEqual([]);
  });

  test('an app-team mesh emits no mesh-wide object and only the namespaces it owns', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), namespaces: ['payments'] });
    mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    mesh.addService('ledger', { namespace: 'payments', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'l:1' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'PeerAuthentication')).toEqual([]);
    expect(findAll(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels])).toEqual([['shop', { 'istio-injection': 'enabled' }]]);
    expect(mesh.namespaces).toEqual(['istio-system', 'default', 'payments', 'shop']);
    expect(findObject(objects, 'Deployment', 'ledger-v1', 'payments').metadata.namespace).toBe('payments');
  });

  test('an app-team mesh owning no namespace emits only its services', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam() });
    // WHEN
    mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(objects.map(o => o.kind)).toEqual(['ServiceAccount', 'Service', 'DestinationRule', 'VirtualService', 'Deployment']);
    expect(mesh.ownership.ownedNamespaces).toEqual([]);
  });

  test('the analysis takes the objects an app-team mesh joins as existing: root namespace, mesh-wide policy, labelled namespaces', () => {
    // GIVEN
    const { chart, mesh } = appTeamApp(MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), {
      mtls: MtlsMode.PERMISSIVE, istio: IstioRelease.of({ version: '1.30.3', revision: '1-30-3' }),
    });
    // WHEN
    mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    mesh.addService('ledger', { namespace: 'payments', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'l:1' }] });
    // THEN
    expect(clusterObjects(chart)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'istio.io/rev': '1-30-3' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', labels: { 'istio.io/rev': '1-30-3' } } },
    ]);
  });

  test('an app-team mesh passes the analysis although namespaces it does not own are not in its output', () => {
    // GIVEN (the analysis assumes namespaces it is not told about are not injected)
    const { app, mesh } = appTeamApp();
    // WHEN
    mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    mesh.addService('ledger', { namespace: 'payments', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'l:1' }] });
    // THEN
    expect(findings(app)).toEqual([]);
  });

  test.each([
    [MtlsMode.STRICT, ['Error MESH004 DestinationRule shop/plain']],
    [MtlsMode.PERMISSIVE, []],
  ])('the mesh-wide mTLS mode (%s) of an app-team mesh is known to the analysis, though not emitted', (mtls, expected) => {
    // GIVEN
    const { app, chart, mesh } = appTeamApp(MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), { mtls });
    mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // WHEN (a hand-written Service of web's pods and a DestinationRule that sends it plaintext)
    new ApiObject(chart, 'legacy', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 'web' } },
    });
    new ApiObject(chart, 'plain', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'plain', namespace: 'shop' },
      spec: { host: 'legacy', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    });
    // THEN
    expect(findings(app).map(f => f.split(':')[0])).toEqual(expected);
  });

  test('a namespace added with its own data plane is expected with that data plane\'s labels', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam() });
    // WHEN
    const object = mesh.addNamespace('batch', { dataPlane: DataPlane.none() });
    // THEN
    expect(object).toBeUndefined();
    expect(clusterObjects(chart).filter(o => o.metadata.name === 'batch')).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch', labels: { 'istio-injection': 'disabled' } } },
    ]);
  });

  test('an app-team mesh refuses CRDs, which are cluster-wide', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const crds = IstioCrds.fromFile(path.join(__dirname, 'fixtures', 'istio-crds.yaml'));
    // WHEN / THEN
    expect(() => new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam(), crds })).toThrow(exactly(
      `[test/mesh] 'crds' must be IstioCrds.none() in an app-team mesh (MeshOwnership.appTeam()): Istio's CRDs are cluster-wide and installed with the platform's mesh, got IstioCrds from '${crds.source}'`));
    expect(() => new Mesh(chart, 'accepted', { ownership: MeshOwnership.appTeam(), crds: IstioCrds.none() })).not.toThrow();
  });

  test('an app-team mesh refuses a ControlPlane', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam() });
    const platform = new Mesh(new Chart(Testing.app(), 'platform'), 'mesh', { ownership: MeshOwnership.platform() });
    // WHEN / THEN
    expect(() => new ControlPlane(chart, 'cp', { mesh })).toThrow(exactly(
      "[test/cp] mesh 'test/mesh' joins an existing mesh (MeshOwnership.appTeam()), whose control plane the platform installs: declare the ControlPlane in the platform's mesh (MeshOwnership.platform())"));
    expect(() => new ControlPlane(platform, 'cp', { mesh: platform })).not.toThrow();
  });

  test('an app-team mesh cannot own the root namespace', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN / THEN
    expect(() => new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['istio-system'] }) })).toThrow(exactly(
      "[test/mesh] 'ownership.ownedNamespaces' must not contain the root namespace 'istio-system': an app-team mesh joins the platform's root namespace, it does not own it"));
    expect(() => new Mesh(chart, 'other', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['istio-system'] }), rootNamespace: 'mesh-root' })).not.toThrow();
  });

  test('owned namespaces must be DNS labels', () => {
    expect(() => MeshOwnership.appTeam({ ownedNamespaces: ['shop', 'Shop'] })).toThrow(exactly(
      "'ownedNamespaces[1]' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Shop'"));
  });

  test('ownership must be a MeshOwnership', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN / THEN
    expect(() => new Mesh(chart, 'mesh', { ownership: 'app-team' as any })).toThrow(exactly(
      "[test/mesh] 'ownership' must be a MeshOwnership (e.g. MeshOwnership.appTeam()), got 'app-team'"));
  });
});
