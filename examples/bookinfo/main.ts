import * as fs from 'fs';
import { ApiObject, Chart, YamlOutputType } from 'cdk8s';
import { buildBookinfoApp } from './app';
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
console.log('dist/bookinfo/mesh.md, dist/bookinfo-gateway-api/mesh.md: the meshes drawn in Mermaid');
console.log(`dist/bookinfo-scenarios: ${manifests('dist/bookinfo-scenarios').length} samples`);
