/**
 * Differential tests of mTLS at every scope: every PeerAuthentication shape the library emits
 * (mesh-wide, namespace-wide and workload, each mode, port-level modes keyed by container port)
 * through Istio's validation webhook (`istio-oracle validate`) and the API server's CRD validation
 * (with the CRD's CEL rules, e.g. "portLevelMtls requires selector"), and a mesh using every
 * scope, with the client TLS derived for it, through istioctl analyze on the cluster it makes (and
 * through this library's analysis, whose MESH004 checks client TLS against the mode in force).
 */
import { Chart, Testing } from 'cdk8s';
import { apiServerAdmit, istioAnalyze, istioValidate } from './oracle';
import { ClientTls, ControlPlane, DataPlane, Mesh, MeshProps, MtlsMode } from '../../src';
import { analyze } from '../../src/analysis';
import { findAll } from '../util/validate';

const MODES = [MtlsMode.STRICT, MtlsMode.PERMISSIVE, MtlsMode.DISABLE, MtlsMode.UNSET];

/** A mesh of the given mode with one namespace and one service per mode, with every kind of workload policy. */
function everyScope(props: MeshProps = {}): Chart {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  MODES.forEach((mode, i) => {
    const namespace = `ns-${mode.toLowerCase()}`;
    mesh.addNamespace(namespace, { mtls: mode });
    // the service's own mode, and the next one on its first port (a container port of its own)
    mesh.addService(`svc-${i}`, {
      namespace,
      mtls: mode,
      ports: [{ port: 80, targetPort: 8080, mtls: MODES[(i + 1) % MODES.length] }, { port: 9090 }],
      versions: [{ name: 'v1', image: `example/svc-${i}:v1` }],
    });
    // port modes only: the workload inherits
    mesh.addService(`ports-${i}`, {
      namespace,
      ports: [{ port: 80, mtls: mode }, { port: 81, targetPort: 8081, mtls: MtlsMode.STRICT }],
      versions: [{ name: 'v1', image: `example/ports-${i}:v1` }],
    });
  });
  // a service named default beside its namespace's policy
  mesh.addService('default', { namespace: 'ns-strict', mtls: MtlsMode.DISABLE, ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/default:v1' }] });
  // client TLS the user gives, agreeing with the ports it reaches
  mesh.addService('plain', {
    namespace: 'ns-permissive',
    ports: [{ port: 80, mtls: MtlsMode.DISABLE }],
    trafficPolicy: { tls: ClientTls.disable() },
    versions: [{ name: 'v1', image: 'example/plain:v1' }],
  });
  return chart;
}

describe('PeerAuthentications against Istio', () => {
  test.each(MODES)('every scope with a mesh-wide %s: Istio\'s webhook and the API server accept every PeerAuthentication', mode => {
    // GIVEN
    const objects = Testing.synth(everyScope({ mtls: mode }));
    const policies = findAll(objects, 'PeerAuthentication');
    // WHEN
    const verdicts = istioValidate(policies);
    const admissions = apiServerAdmit(policies);
    // THEN
    expect(policies.length).toBe(1 + 4 + 4 + 4 + 1 + 1);
    expect(verdicts.map(v => [v.namespace, v.name, v.checked, v.error ?? null, v.warning ?? null]))
      .toEqual(policies.map(p => [p.metadata.namespace, p.metadata.name, true, null, null]));
    expect(admissions.map(a => [a.namespace, a.name, a.checked, a.error ?? null]))
      .toEqual(policies.map(p => [p.metadata.namespace, p.metadata.name, true, null]));
  });

  test('the oracle does check PeerAuthentications: port-level mTLS without a selector is rejected by both', () => {
    // GIVEN
    const bad = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } },
    };
    // WHEN
    const [verdict] = istioValidate([bad]);
    const [admission] = apiServerAdmit([bad]);
    // THEN
    expect(verdict.error).toContain('mesh/namespace peer authentication cannot have port level mTLS');
    expect(admission.error).toContain('portLevelMtls requires selector');
  });

  test('istioctl analyze finds nothing in a mesh with every scope', () => {
    // GIVEN
    const chart = everyScope();
    // WHEN
    const findings = istioAnalyze(Testing.synth(chart), { simulateCluster: true });
    // THEN
    expect(findings).toEqual([]);
    expect(analyze(Testing.synth(chart)).map(f => `${f.code} ${f.resource}: ${f.message}`)).toEqual([]);
  });

  test('istioctl analyze finds nothing but unlabelled namespaces in a mesh with every scope and auto mTLS off', () => {
    // GIVEN a control plane (its mesh config turns auto mTLS off), whose checks want a synth-time data plane here
    const chart = everyScope({ dataPlane: DataPlane.synthTime() });
    new ControlPlane(chart, 'cp', { mesh: chart.node.findChild('mesh') as Mesh, meshConfig: { enableAutoMtls: false } });
    const objects = Testing.synth(chart);
    // WHEN
    const findings = istioAnalyze(objects, { simulateCluster: true });
    // THEN the synth-time data plane's pods arrive injected, so its namespaces carry no injection label (IST0102, Info)
    expect(findAll(objects, 'DestinationRule').find(d => d.metadata.name === 'ports-0').spec.trafficPolicy)
      .toEqual({ portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL' } }, { port: { number: 81 }, tls: { mode: 'ISTIO_MUTUAL' } }] });
    expect(findings.map(f => `${f.code} ${f.level} ${f.resource}`)).toEqual(
      ['default', 'ns-disable', 'ns-permissive', 'ns-strict', 'ns-unset'].map(ns => `IST0102 Info Namespace ${ns}`));
  });
});
