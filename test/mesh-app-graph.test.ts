import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { Mesh, MeshApp, MeshGraph } from '../src';
import { exactly } from './util/validate';

function tempOutdir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-graph-')), 'out');
}

/** A mesh with two services of one version each. */
function shop(app: MeshApp): Chart {
  const chart = new Chart(app, 'shop');
  const mesh = new Mesh(chart, 'mesh');
  mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'web:1' }] });
  mesh.addService('api', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'api:1' }] });
  return chart;
}

describe('MeshApp graph', () => {
  test('graph writes mesh.md beside the manifests (the diagram of every object of the app), records it, and keeps the diagram', () => {
    // GIVEN
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir, graph: true });
    const chart = shop(app);
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'mesh.md', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, '.cdk8s-mesh-outputs'), 'utf-8')).toContain('  mesh.md\n');
    const expected = MeshGraph.of(chart.toJson()).toMarkdown('Mesh of out');
    expect(app.meshGraph!.toMarkdown('Mesh of out')).toBe(expected);
    expect(fs.readFileSync(path.join(outdir, 'mesh.md'), 'utf-8')).toBe(expected);
    expect(expected).toContain('svc_default_web(["web"])');
    expect(expected).toContain('svc_default_api(["api"])');
  });

  test('without graph (the default) no diagram is written, and a later synth removes the one an earlier synth wrote', () => {
    // GIVEN an earlier synth with the diagram
    const outdir = tempOutdir();
    const earlier = new MeshApp({ outdir, graph: true });
    shop(earlier);
    earlier.synth();
    const app = new MeshApp({ outdir });
    shop(app);
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'shop.k8s.yaml']);
    expect(app.meshGraph).toBeUndefined();
  });

  test('a mesh.md the app did not write is never replaced: nothing is written', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'mesh.md'), 'mine\n');
    const app = new MeshApp({ outdir, graph: true });
    shop(app);
    // WHEN / THEN
    expect(() => app.synth()).toThrow(exactly(`'outdir' '${outdir}' already holds 'mesh.md', which this app did not write `
      + '(no record in .cdk8s-mesh-outputs): move it away or choose another outdir; nothing was written'));
    expect(fs.readdirSync(outdir)).toEqual(['mesh.md']);
    expect(fs.readFileSync(path.join(outdir, 'mesh.md'), 'utf-8')).toBe('mine\n');
  });

  test('the diagram reads what the analysis assumes about the cluster (its root namespace)', () => {
    // GIVEN allow-nothing in the namespace mesh-root, the root namespace of one app and not of the other
    const synth = (rootNamespace?: string) => {
      const outdir = tempOutdir();
      const app = new MeshApp({ outdir, graph: true, analysis: false, analysisOptions: { rootNamespace } });
      new ApiObject(shop(app), 'allow-nothing', {
        apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'mesh-root' }, spec: {},
      });
      app.synth();
      return fs.readFileSync(path.join(outdir, 'mesh.md'), 'utf-8');
    };
    // THEN
    expect(synth('mesh-root')).toContain('svc_default_web(["web<br/>no caller allowed"])');
    expect(synth()).toContain('svc_default_web(["web"])');
  });
});
