import * as fs from 'fs';
import { ApiObject, Chart, YamlOutputType } from 'cdk8s';
import { buildBookinfoApp } from './app';
import { buildBookinfoArgoRolloutsApp } from './argo-rollouts';
import { buildBookinfoFlaggerApp } from './flagger';
import { buildBookinfoGatewayApiApp } from './gateway-api';
import { SCENARIOS, synthScenario } from './scenarios';
import { IstioCrds, MeshApp } from '../../src';

// dist/bookinfo: the entire mesh — Istio's CRDs (when ISTIO_CRDS is set) and namespaces, istiod, and
// bookinfo (bookinfo.yaml + destination-rule-all.yaml + virtual-service-all-v1.yaml) with injected proxies,
// and mesh.md beside the manifests: the mesh drawn in Mermaid (MeshApp's `graph` option)
// ISTIO_CRDS may name Istio's CRD file (or an http(s) URL) of the pinned release: they are then
// included first in dist/bookinfo
const crdSource = process.env.ISTIO_CRDS;
const crds = crdSource === undefined || crdSource === '' ? IstioCrds.none()
  : /^https?:\/\//.test(crdSource) ? IstioCrds.fromUrl(crdSource) : IstioCrds.fromFile(crdSource);

const app = new MeshApp({ outdir: 'dist/bookinfo', yamlOutputType: YamlOutputType.FILE_PER_CHART, graph: true });
buildBookinfoApp(app, crds);
app.synth();

// dist/bookinfo-gateway-api: the same mesh with its routing in the Kubernetes Gateway API
// (RoutingApi.GATEWAY_API): HTTPRoutes attached to the Services, one Service per version, and a
// Gateway of class istio with the HTTPRoute bookinfo. MeshApp writes it atomically, as above, with its mesh.md.
const gatewayApiApp = new MeshApp({ outdir: 'dist/bookinfo-gateway-api', yamlOutputType: YamlOutputType.FILE_PER_CHART, graph: true });
buildBookinfoGatewayApiApp(gatewayApiApp, crds);
gatewayApiApp.synth();

// dist/bookinfo-argo-rollouts: the same mesh with the reviews canary (v1 → v2) handed to Argo
// Rollouts: a Rollout with Istio traffic routing instead of static weights
const argoRolloutsApp = new MeshApp({ outdir: 'dist/bookinfo-argo-rollouts', yamlOutputType: YamlOutputType.FILE_PER_CHART });
buildBookinfoArgoRolloutsApp(argoRolloutsApp, crds);
argoRolloutsApp.synth();

// dist/bookinfo-flagger: the same mesh with reviews v1 (stable) and v2 (canary), the release handed
// to Flagger: a flagger.app/v1beta1 Canary instead of static weights (see flagger.ts)
const flaggerApp = new MeshApp({ outdir: 'dist/bookinfo-flagger', yamlOutputType: YamlOutputType.FILE_PER_CHART });
buildBookinfoFlaggerApp(flaggerApp, crds);
flaggerApp.synth();

// dist/bookinfo-scenarios: one file per Istio bookinfo routing sample (a chart each), written by a
// MeshApp like the meshes above; analysis is off because each file holds only the sample's objects
const scenarios = new MeshApp({ outdir: 'dist/bookinfo-scenarios', analysis: false });
for (const scenario of SCENARIOS) {
  const chart = new Chart(scenarios, scenario.name);
  synthScenario(scenario).forEach((object, i) => new ApiObject(chart, `object-${i}`, object));
}
scenarios.synth();

const manifests = (dir: string) => fs.readdirSync(dir).filter(f => f.endsWith('.yaml'));
console.log(`dist/bookinfo: ${manifests('dist/bookinfo').join(', ')}`);
console.log(`dist/bookinfo-gateway-api: ${manifests('dist/bookinfo-gateway-api').join(', ')}`);
console.log(`dist/bookinfo-argo-rollouts: ${manifests('dist/bookinfo-argo-rollouts').join(', ')}`);
console.log(`dist/bookinfo-flagger: ${manifests('dist/bookinfo-flagger').join(', ')}`);
console.log('dist/bookinfo/mesh.md, dist/bookinfo-gateway-api/mesh.md: the meshes drawn in Mermaid');
console.log(`dist/bookinfo-scenarios: ${manifests('dist/bookinfo-scenarios').length} samples`);
