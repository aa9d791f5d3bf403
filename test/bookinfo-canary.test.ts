import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { findAll, findObject, validateManifests } from './util/validate';

/**
 * Runs examples/bookinfo-canary/main.ts (the language bindings' reference app) as `npm run example` does, with
 * CDK8S_OUTDIR naming a temporary directory; returns the files it wrote and the objects of its manifest.
 */
async function runExample(): Promise<{ files: string[]; objects: any[] }> {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bookinfo-canary-')), 'out');
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // a fresh module registry: the app runs (and synthesizes) on every call
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require('../examples/bookinfo-canary/main'));
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
  }
  const files = fs.readdirSync(outdir).sort();
  const text = fs.readFileSync(path.join(outdir, 'bookinfo.k8s.yaml'), 'utf-8');
  return { files, objects: YAML.parseAllDocuments(text).map(d => d.toJSON()) };
}

describe('the bindings\' reference app (examples/bookinfo-canary, npm run example)', () => {
  test('writes one manifest into CDK8S_OUTDIR, every object valid', async () => {
    // GIVEN / WHEN
    const { files, objects } = await runExample();
    // THEN
    expect(files).toEqual(['.cdk8s-mesh-outputs', 'bookinfo.k8s.yaml']);
    expect(findAll(objects, 'Deployment').map(d => `${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'default/details-v1', 'default/productpage-v1', 'default/ratings-v1', 'default/reviews-v1', 'default/reviews-v2',
      'default/reviews-v3', 'istio-ingress/istio-ingressgateway',
    ]);
    await validateManifests(objects);
  });

  test('the canary sends jason to reviews v2 and splits the rest 75/25 (step 1 of 5, 25, 50, 100)', async () => {
    // GIVEN / WHEN
    const { objects } = await runExample();
    // THEN
    expect(findObject(objects, 'VirtualService', 'reviews', 'default').spec.http).toEqual([
      { name: 'v2-testers', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 25 }] },
    ]);
  });

  test('the ingress route bookinfo sends the product page, its static files and the products API to productpage:9080', async () => {
    // GIVEN / WHEN
    const { objects } = await runExample();
    // THEN
    expect(findObject(objects, 'VirtualService', 'bookinfo', 'istio-ingress').spec).toEqual({
      gateways: ['bookinfo-gateway'],
      hosts: ['*'],
      http: [{
        match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { prefix: '/api/v1/products' } }],
        route: [{ destination: { host: 'productpage.default.svc.cluster.local', port: { number: 9080 } } }],
      }],
    });
  });
});
