import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { IstioCrds, MeshApp } from '../src';
import { findAll, findObject, validateManifests } from './util/validate';

const CRD_FIXTURE = path.join(__dirname, 'fixtures', 'istio-crds.yaml');

/** Synthesizes the example's layout like `npm run example` does; returns [file, objects] in file order. */
function synthApp(crds?: IstioCrds): Array<[string, any[]]> {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bookinfo-app-')), 'out');
  const app = new MeshApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildBookinfoApp(app, crds);
  app.synth();
  return fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort().map(f => [f, YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJSON())]);
}

describe('the entire bookinfo mesh (npm run example)', () => {
  test('three files in apply order: base, control plane, workloads', async () => {
    const files = synthApp();
    expect(files.map(([f]) => f)).toEqual(['0000-istio-base.k8s.yaml', '0001-istio-control-plane.k8s.yaml', '0002-bookinfo.k8s.yaml']);
    await validateManifests(files.flatMap(([, objects]) => objects));
  });

  test('the control plane has every object kind of Istio default istiod install, with the pilot image', () => {
    const [, cp] = synthApp()[1];
    const kinds = new Set(cp.map(o => o.kind));
    for (const kind of ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'ConfigMap',
      'MutatingWebhookConfiguration', 'Deployment', 'Role', 'RoleBinding', 'HorizontalPodAutoscaler', 'Service']) {
      expect(kinds).toContain(kind);
    }
    expect(findAll(cp, 'ConfigMap').map(c => c.metadata.name)).toEqual(expect.arrayContaining(['istio', 'istio-sidecar-injector']));
    expect(findObject(cp, 'Deployment', 'istiod', 'istio-system').spec.template.spec.containers[0].image).toBe('docker.io/istio/pilot:1.30.3');
    expect(findObject(cp, 'Service', 'istiod', 'istio-system').spec.ports.map((p: any) => p.port)).toEqual([15010, 15012, 443, 15014]);
    expect(findObject(cp, 'ServiceAccount', 'istio-reader-service-account', 'istio-system')).toBeDefined();
  });

  test('every bookinfo workload carries an injected proxyv2 sidecar of the pinned release', () => {
    const [, workloads] = synthApp()[2];
    const deployments = findAll(workloads, 'Deployment').filter(d => d.metadata.namespace === 'default');
    expect(deployments).toHaveLength(6);
    for (const d of deployments) {
      const proxy = d.spec.template.spec.initContainers.find((c: any) => c.name === 'istio-proxy');
      expect(proxy.image).toBe('docker.io/istio/proxyv2:1.30.3');
      expect(proxy.restartPolicy).toBe('Always');
      expect(d.spec.template.metadata.annotations['sidecar.istio.io/status']).toBeDefined();
    }
  });

  test('bookinfo ingress: the Gateway selects the gateway workload the example deploys', () => {
    const [, workloads] = synthApp()[2];
    const gateway = findObject(workloads, 'networking.istio.io/Gateway', 'bookinfo-gateway', 'default');
    expect(gateway.spec).toEqual({ selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
    const vs = findObject(workloads, 'VirtualService', 'bookinfo', 'default');
    expect(vs.spec.gateways).toEqual(['bookinfo-gateway']);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'productpage', port: { number: 9080 } } }]);
    const pods = findAll(workloads, 'Deployment').filter(d => d.metadata.namespace === 'istio-ingress');
    expect(pods).toHaveLength(1);
    expect(pods[0].spec.template.metadata.labels).toMatchObject(gateway.spec.selector);
    expect(pods[0].spec.template.spec.containers.find((c: any) => c.name === 'istio-proxy').image).toBe('docker.io/istio/proxyv2:1.30.3');
    const service = findObject(workloads, 'Service', 'istio-ingressgateway', 'istio-ingress');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports.map((p: any) => [p.port, p.targetPort])).toEqual(expect.arrayContaining([[15021, 15021], [80, 8080], [443, 8443]]));
  });

  test('applying the files in order never needs a namespace or CRD that comes later', () => {
    // GIVEN
    const files = synthApp(IstioCrds.fromFile(CRD_FIXTURE));
    const namespaces = new Set<string>();
    const crdKinds = new Set<string>();
    const problems: string[] = [];
    // WHEN: a single ordered pass, like `kubectl apply -f dist/bookinfo/`
    for (const [file, objects] of files) {
      for (const o of objects) {
        const ns = o.metadata.namespace;
        if (ns !== undefined && !namespaces.has(ns)) {
          problems.push(`${file}: ${o.kind} ${ns}/${o.metadata.name} comes before namespace '${ns}'`);
        }
        if (/\.istio\.io\//.test(o.apiVersion) && !crdKinds.has(o.kind) && ['VirtualService', 'PeerAuthentication'].includes(o.kind)) {
          problems.push(`${file}: ${o.kind} ${o.metadata.name} comes before its CRD`);
        }
        if (o.kind === 'Namespace') namespaces.add(o.metadata.name);
        if (o.kind === 'CustomResourceDefinition') crdKinds.add(o.spec.names.kind);
      }
    }
    // THEN
    expect(problems).toEqual([]);
    expect(files[0][1][0].kind).toBe('CustomResourceDefinition');
  });
});
