import * as fs from 'fs';
import * as path from 'path';
import { Yaml, YamlOutputType } from 'cdk8s';
import { buildBookinfoApp } from './app';
import { buildBookinfoGatewayApiApp } from './gateway-api';
import { SCENARIOS, synthScenario } from './scenarios';
import { IstioCrds, MeshApp } from '../../src';

// dist/bookinfo: the entire mesh — Istio's CRDs (when ISTIO_CRDS is set) and namespaces, istiod, and
// bookinfo (bookinfo.yaml + destination-rule-all.yaml + virtual-service-all-v1.yaml) with injected proxies
// ISTIO_CRDS may name Istio's CRD file (or an http(s) URL) of the pinned release: they are then
// included first in dist/bookinfo
const crdSource = process.env.ISTIO_CRDS;
const crds = crdSource === undefined || crdSource === '' ? IstioCrds.none()
  : /^https?:\/\//.test(crdSource) ? IstioCrds.fromUrl(crdSource) : IstioCrds.fromFile(crdSource);

const app = new MeshApp({ outdir: 'dist/bookinfo', yamlOutputType: YamlOutputType.FILE_PER_CHART });
buildBookinfoApp(app, crds);
app.synth();

// dist/bookinfo-gateway-api: the same mesh with its routing in the Kubernetes Gateway API
// (RoutingApi.GATEWAY_API): HTTPRoutes attached to the Services, one Service per version, and a
// Gateway of class istio with the HTTPRoute bookinfo. MeshApp writes it atomically, as above.
const gatewayApiApp = new MeshApp({ outdir: 'dist/bookinfo-gateway-api', yamlOutputType: YamlOutputType.FILE_PER_CHART });
buildBookinfoGatewayApiApp(gatewayApiApp, crds);
gatewayApiApp.synth();

// dist/bookinfo-scenarios: one file per Istio bookinfo routing sample, written to a staging
// directory first so that a failure never leaves a half-written output
const target = path.resolve('dist/bookinfo-scenarios');
const staging = `${target}.staging-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging, { recursive: true });
try {
  for (const scenario of SCENARIOS) {
    fs.writeFileSync(path.join(staging, `${scenario.name}.k8s.yaml`), Yaml.stringify(...synthScenario(scenario)));
  }
} catch (e) {
  fs.rmSync(staging, { recursive: true, force: true });
  throw e;
}
fs.rmSync(target, { recursive: true, force: true });
fs.renameSync(staging, target);
console.log(`dist/bookinfo: ${fs.readdirSync('dist/bookinfo').join(', ')}`);
console.log(`dist/bookinfo-gateway-api: ${fs.readdirSync('dist/bookinfo-gateway-api').join(', ')}`);
console.log(`dist/bookinfo-scenarios: ${SCENARIOS.length} samples`);
