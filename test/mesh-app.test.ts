import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Mesh, MeshApp } from '../src';

function tempOutdir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-')), 'out');
}

describe('MeshApp', () => {
  test('synth writes one file per chart into outdir and removes stale files', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'stale.k8s.yaml'), 'kind: Stale\n');
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'mesh'), 'mesh');
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir)).toEqual(['mesh.k8s.yaml']);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['out']);
    expect(app.outdir).toBe(outdir);
  });

  test('a failing synth leaves the previous output untouched and nothing half-written', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kind: Previous\n');
    const app = new MeshApp({ outdir });
    const chart = new Chart(app, 'good');
    const mesh = new Mesh(chart, 'mesh');
    mesh.addService('broken', { ports: [{ port: 80 }] });
    // WHEN
    expect(() => app.synth()).toThrow("service 'broken' declares no version");
    // THEN
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['out']);
    expect(fs.readdirSync(outdir)).toEqual(['previous.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'previous.k8s.yaml'), 'utf-8')).toBe('kind: Previous\n');
  });

  test('a failing first synth creates no output directory', () => {
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'c'), 'mesh').addService('broken', { ports: [{ port: 80 }] });
    expect(() => app.synth()).toThrow('Validation failed');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
