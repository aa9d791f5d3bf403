import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { findAll, findObject, synthValid, validateManifests } from './util/validate';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { buildBookinfoGatewayApiApp } from '../examples/bookinfo/gateway-api';
import { FindingLevel, MeshApp, RoutingApi } from '../src';

const GATEWAY_API = /^gateway\.networking\.k8s\.io\//;

/** The bookinfo mesh in Gateway API mode, every object validated (Gateway API kinds by @kubernetes-models/gateway-api). */
async function gatewayApiBookinfo() {
  const app = Testing.app();
  const built = buildBookinfoGatewayApiApp(app);
  return { ...built, objects: await synthValid(app) };
}

/** The paths a route sends somewhere, as `Exact /x` or `PathPrefix /x`, with where they go. */
function istioPaths(vs: any): string[] {
  return vs.spec.http.flatMap((h: any) => h.match.map((m: any) => {
    const [kind, value] = Object.entries(m.uri)[0] as [string, string];
    const to = h.route.map((r: any) => `${r.destination.host}:${r.destination.port.number}`).join(',');
    return `${kind === 'exact' ? 'Exact' : 'PathPrefix'} ${value} -> ${to}`;
  }));
}

function gatewayApiPaths(route: any): string[] {
  return route.spec.rules.flatMap((r: any) => r.matches.map((m: any) => {
    const to = r.backendRefs.map((b: any) => `${b.name}:${b.port}`).join(',');
    return `${m.path.type} ${m.path.value} -> ${to}`;
  }));
}

describe('bookinfo in Gateway API mode (dist/bookinfo-gateway-api)', () => {
  test('every object is valid, and the routing is Gateway API objects only', async () => {
    // GIVEN / WHEN
    const { objects, mesh } = await gatewayApiBookinfo();
    // THEN
    expect(mesh.routingApi).toBe(RoutingApi.GATEWAY_API);
    expect(findAll(objects, 'VirtualService')).toEqual([]);
    expect(findAll(objects, 'networking.istio.io/Gateway')).toEqual([]);
    expect(objects.filter(o => GATEWAY_API.test(o.apiVersion)).map(o => `${o.kind} ${o.metadata.name}`)).toEqual([
      'HTTPRoute details', 'HTTPRoute ratings', 'HTTPRoute reviews', 'HTTPRoute productpage', 'Gateway bookinfo-gateway', 'HTTPRoute bookinfo',
    ]);
    // DestinationRules stay (no traffic policies: no per-version ones)
    expect(findAll(objects, 'DestinationRule').map(d => d.metadata.name)).toEqual(['details', 'ratings', 'reviews', 'productpage']);
  });

  test('the HTTPRoute bookinfo routes the same paths to the same backend as the Istio-mode VirtualService bookinfo', async () => {
    // GIVEN
    const istioApp = Testing.app();
    buildBookinfoApp(istioApp);
    const istioObjects = await synthValid(istioApp);
    // WHEN
    const { objects } = await gatewayApiBookinfo();
    // THEN
    const expected = [
      'Exact /productpage -> productpage:9080',
      'PathPrefix /static -> productpage:9080',
      'Exact /login -> productpage:9080',
      'Exact /logout -> productpage:9080',
      'PathPrefix /api/v1/products -> productpage:9080',
    ];
    expect(istioPaths(findObject(istioObjects, 'VirtualService', 'bookinfo', 'default'))).toEqual(expected);
    expect(gatewayApiPaths(findObject(objects, 'HTTPRoute', 'bookinfo', 'default'))).toEqual(expected);
  });

  test('the ingress is a Gateway of class istio on port 80 with no workload of the example\'s own', async () => {
    // GIVEN / WHEN
    const { objects } = await gatewayApiBookinfo();
    // THEN
    expect(findObject(objects, 'gateway.networking.k8s.io/Gateway', 'bookinfo-gateway', 'default').spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [{
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] },
      }],
    });
    expect(findObject(objects, 'HTTPRoute', 'bookinfo', 'default').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway', sectionName: 'http' },
    ]);
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).not.toContain('istio-ingressgateway');
    expect(findAll(objects, 'Namespace').map(n => n.metadata.name)).toEqual(['istio-system', 'default']);
  });

  test('every service is routed by an HTTPRoute attached to its Service, to its default version\'s Service', async () => {
    // GIVEN / WHEN
    const { objects } = await gatewayApiBookinfo();
    // THEN
    for (const service of ['details', 'ratings', 'reviews', 'productpage']) {
      expect(findObject(objects, 'HTTPRoute', service, 'default').spec).toEqual({
        parentRefs: [{ group: '', kind: 'Service', name: service }],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ group: '', kind: 'Service', name: `${service}-v1`, port: 9080, weight: 1 }],
        }],
      });
    }
    expect(findAll(objects, 'Service').map(s => s.metadata.name).filter(n => /-v/.test(n))).toEqual([
      'details-v1', 'details-v2', 'ratings-v1', 'ratings-v2', 'ratings-v2-mysql', 'ratings-v2-mysql-vm',
      'reviews-v1', 'reviews-v2', 'reviews-v3', 'productpage-v1',
    ]);
    expect(findObject(objects, 'Service', 'reviews-v2', 'default').spec).toEqual({
      ports: [{ name: 'http', port: 9080 }],
      selector: { app: 'reviews', version: 'v2' },
    });
  });

  test('the Gateway API objects (golden)', async () => {
    // GIVEN / WHEN
    const { objects } = await gatewayApiBookinfo();
    // THEN
    expect(objects.filter(o => GATEWAY_API.test(o.apiVersion))).toMatchSnapshot();
  });

  test('npm run example\'s layout: three files in apply order, every object valid, the routing in the last', async () => {
    // GIVEN
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bookinfo-gateway-api-')), 'out');
    const app = new MeshApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, analysisOptions: { ignore: ['MESH007'] } });
    buildBookinfoGatewayApiApp(app);
    await synthValid(app);
    // WHEN
    app.synth();
    // THEN
    const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['0000-istio-base.k8s.yaml', '0001-istio-control-plane.k8s.yaml', '0002-bookinfo.k8s.yaml']);
    const contents = files.map(f => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJSON()));
    await validateManifests(contents.flat());
    expect(contents[2].filter(o => GATEWAY_API.test(o.apiVersion))).toHaveLength(6);
    expect(app.findings.filter(f => f.level === FindingLevel.ERROR)).toEqual([]);
  });
});
