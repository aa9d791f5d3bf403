import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Mesh, MeshApp, ProxyKind } from '../src';
import { exactly } from './util/validate';

function tempOutdir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-scope-')), 'out');
}

/** A mesh with two services of one version each. */
function shop(app: MeshApp): void {
  const mesh = new Mesh(new Chart(app, 'shop'), 'mesh');
  mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'web:1' }] });
  mesh.addService('api', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'api:1' }] });
}

describe('MeshApp scope report', () => {
  test('scopeReport writes proxy-scope.txt beside the manifests, records it, and keeps the report', () => {
    // GIVEN
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir, scopeReport: true });
    shop(app);
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'proxy-scope.txt', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, '.cdk8s-mesh-outputs'), 'utf-8')).toContain('  proxy-scope.txt\n');
    const report = app.scopeReport!;
    expect(fs.readFileSync(path.join(outdir, 'proxy-scope.txt'), 'utf-8')).toBe(report.formatText());
    expect(report.proxies.map(p => [p.proxy, p.kind])).toEqual(
      report.proxies.map(p => [p.proxy, ProxyKind.SIDECAR]));
    expect(report.proxies.length).toBeGreaterThanOrEqual(2);
    expect(report.average.unscoped.services).toBeGreaterThanOrEqual(2);
  });

  test('without scopeReport (the default) no report is written, and a later synth removes the one an earlier synth wrote', () => {
    // GIVEN an earlier synth with the report
    const outdir = tempOutdir();
    const earlier = new MeshApp({ outdir, scopeReport: true });
    shop(earlier);
    earlier.synth();
    const app = new MeshApp({ outdir });
    shop(app);
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'shop.k8s.yaml']);
    expect(app.scopeReport).toBeUndefined();
  });

  test('a proxy-scope.txt the app did not write is never replaced: nothing is written', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'proxy-scope.txt'), 'mine\n');
    const app = new MeshApp({ outdir, scopeReport: true });
    shop(app);
    // WHEN / THEN
    expect(() => app.synth()).toThrow(exactly(`'outdir' '${outdir}' already holds 'proxy-scope.txt', which this app did not write `
      + '(no record in .cdk8s-mesh-outputs): move it away or choose another outdir; nothing was written'));
    expect(fs.readdirSync(outdir)).toEqual(['proxy-scope.txt']);
    expect(fs.readFileSync(path.join(outdir, 'proxy-scope.txt'), 'utf-8')).toBe('mine\n');
  });
});
