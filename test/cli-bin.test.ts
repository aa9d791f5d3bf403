import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/** The compiled executable the package's `bin` points at (`npm test` compiles before jest). */
const BIN = path.join(__dirname, '..', 'lib', 'cli', 'bin.js');
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));

describe('cdk8s-mesh executable', () => {
  test('package.json bin points at the compiled CLI', () => {
    expect(pkg.bin).toEqual({ 'cdk8s-mesh': 'lib/cli/bin.js' });
    expect(fs.existsSync(BIN)).toBe(true);
  });

  test('inject -f prints the manifests with a sidecar injected', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bin-'));
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec: { containers: [{ name: web, image: "example/web:1" }] }',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: untouched }',
      'data: { a: b }',
      '',
    ].join('\n'));
    // WHEN
    const out = execFileSync(process.execPath, [BIN, 'inject', '-f', file, '--hub', 'docker.io/istio', '--tag', '1.30.3'], { encoding: 'utf-8' });
    // THEN
    // documents are separated like istioctl's output (which may end with an empty document)
    const docs = YAML.parseAllDocuments(out).map(d => d.toJSON()).filter(d => d !== null);
    expect(docs.map(d => d.kind)).toEqual(['Deployment', 'ConfigMap']);
    const init = docs[0].spec.template.spec.initContainers;
    expect(init.map((c: any) => [c.name, c.image])).toEqual([
      ['istio-init', 'docker.io/istio/proxyv2:1.30.3'],
      ['istio-proxy', 'docker.io/istio/proxyv2:1.30.3'],
    ]);
    expect(docs[1]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'untouched' }, data: { a: 'b' } });
  });

  test('bad arguments exit 2 with usage', () => {
    const result = spawnSync(process.execPath, [BIN, 'inject', '--no-such-flag'], { encoding: 'utf-8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cdk8s-mesh inject');
  });
});
