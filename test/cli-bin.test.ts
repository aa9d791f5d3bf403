import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/** The compiled executable the package's `bin` points at (`npm test` compiles before jest). */
const BIN = path.join(__dirname, '..', 'lib', 'cli', 'bin.js');
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));

describe('cdk8s-mesh executable', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));
  test('package.json bin points at the compiled CLI', () => {
    expect(pkg.bin).toEqual({ 'cdk8s-mesh': 'lib/cli/bin.js' });
    expect(fs.existsSync(BIN)).toBe(true);
  });

  test('inject -f prints the manifests with a sidecar injected', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bin-'));
    dirs.push(dir);
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

  test('standard output on a full disk fails with a message and exit code 1', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bin-'));
    dirs.push(dir);
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: { a: b }\n');
    const full = fs.openSync('/dev/full', 'w');
    // WHEN
    const result = spawnSync(process.execPath, [BIN, 'inject', '-f', file], { stdio: ['ignore', full, 'pipe'], encoding: 'utf-8' });
    fs.closeSync(full);
    // THEN
    expect(result.stderr).toBe('error: cannot write standard output: no space left on device\n');
    expect(result.status).toBe(1);
  });

  test('bad arguments exit 2 with usage', () => {
    const result = spawnSync(process.execPath, [BIN, 'inject', '--no-such-flag'], { encoding: 'utf-8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cdk8s-mesh inject');
  });
});

/**
 * Runs the executable and returns its peak resident memory in bytes (as the child measures it).
 */
function peakMemory(args: string[]): number {
  const script = `process.on('exit', () => require('fs').writeSync(3, String(process.resourceUsage().maxRSS))); require(${JSON.stringify(BIN)});`;
  const result = spawnSync(process.execPath, ['-e', script, '--', 'cdk8s-mesh', ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf-8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return Number(result.output[3]) * 1024;
}

/** Objects with long lists of numbers, about `bytes` of YAML: many nodes per byte, as a syntax tree is big and plain objects small. */
function numbers(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  for (let i = 0, size = 0; size < bytes; i++) {
    const values = Array.from({ length: 2000 }, (_, k) => (k * 7919 + i) % 100000).join(', ');
    const text = `apiVersion: example.com/v1\nkind: Numbers\nmetadata:\n  name: n${i}\nspec:\n  values: [${values}]\n---\n`;
    fs.writeSync(fd, text);
    size += text.length;
  }
  fs.closeSync(fd);
}

describe('cdk8s-mesh on big input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-big-'));
  const small = path.join(dir, 'small.yaml');
  const big = path.join(dir, 'big.yaml');
  beforeAll(() => {
    numbers(small, 100_000);
    numbers(big, 3 * 1024 * 1024);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Holding the whole input's YAML syntax tree took about 70 bytes of memory per byte of input
  // here (+200 MB for these 3 MB); reading one document at a time holds at most one document's
  // tree, and inject holds no object beyond the current one.
  test.each([
    ['inject', ['inject', '-f']],
    ['analyze', ['analyze']],
  ])('%s: memory does not grow with the input (3 MB more input, less than 100 MB more memory)', (_name, command) => {
    // WHEN
    const base = peakMemory([...command, small]);
    const grown = peakMemory([...command, big]);
    // THEN
    expect(grown - base).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);
});
