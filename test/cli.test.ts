import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateManifests } from './util/validate';
import { COMMANDS, main } from '../src/cli/main';
import { injectObject } from '../src/private/inject';

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI against in-memory files (and standard input). */
async function run(argv: string[], files: { [path: string]: string | Uint8Array } = {}, stdin?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    readFile: file => {
      if (!(file in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
      return files[file];
    },
    readStdin: async () => stdin ?? '',
  });
  return { code, stdout, stderr };
}

const documents = (text: string) => YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(d => d !== null);

const HELLO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: hello
          image: example.com/hello:1.0
          ports:
            - name: http
              containerPort: 80
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app: hello
  ports:
    - port: 80
`;

const OPTED_OUT = HELLO.replace('name: hello\nspec', 'name: batch\nspec').replace(
  '      labels:\n        app: hello\n    spec',
  '      labels:\n        app: hello\n      annotations:\n        sidecar.istio.io/inject: "false"\n    spec',
);

/* ------------------------------------------------------------------ */
/* inject                                                              */
/* ------------------------------------------------------------------ */

describe('cdk8s-mesh inject', () => {
  test('prints the injected manifests like istioctl kube-inject', async () => {
    // WHEN
    const r = await run(['inject', '-f', 'app.yaml'], { 'app.yaml': HELLO });
    // THEN
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const docs = documents(r.stdout);
    expect(docs).toEqual([injectObject(YAML.parse(HELLO))]);
    await validateManifests(docs);
    expect(r.stdout.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello\nspec:\n  selector:\n')).toBe(true);
    expect(r.stdout.endsWith('status: {}\n---\n')).toBe(true);
  });

  test('output is written the way Go writes YAML: sorted keys, unindented lists, Go quoting', async () => {
    // WHEN
    const { stdout } = await run(['inject', '-f', 'app.yaml'], { 'app.yaml': HELLO });
    // THEN
    expect(stdout).toContain([
      '      initContainers:',
      '      - args:',
      '        - istio-iptables',
      '        - -p',
      '        - "15001"',
      '        - -z',
      '        - "15006"',
      '        - -u',
      '        - "1337"',
      '        - -m',
      '        - REDIRECT',
      '        - -i',
      "        - '*'",
      '        - -x',
      '        - ""',
      '        - -b',
      "        - '*'",
      '        - -d',
      '        - 15090,15021,15020',
    ].join('\n'));
    expect(stdout).toContain('        prometheus.io/port: "15020"\n');
    expect(stdout).toContain("        sidecar.istio.io/status: '{\"initContainers\":[\"istio-init\",\"istio-proxy\"],");
    expect(stdout).toContain('        - name: PROXY_CONFIG\n          value: |\n            {}\n');
    expect(stdout).toContain('          value: |-\n            [\n                {"name":"http","containerPort":80}\n            ]\n');
  });

  test('objects without pods, and pods that opt out, pass through unchanged with a warning for the opt-out', async () => {
    // WHEN
    const r = await run(['inject', '-f', 'all.yaml'], { 'all.yaml': `${SERVICE}---\n${OPTED_OUT}---\n${HELLO}` });
    // THEN
    expect(r.code).toBe(0);
    const docs = documents(r.stdout);
    expect(docs.map(d => `${d.kind}/${d.metadata.name}`)).toEqual(['Service/hello', 'Deployment/batch', 'Deployment/hello']);
    expect(docs[0]).toEqual(YAML.parse(SERVICE));
    expect(docs[1]).toEqual(YAML.parse(OPTED_OUT));
    // pass-through objects keep their key order
    expect(r.stdout.startsWith('apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  selector:\n    app: hello\n  ports:\n  - port: 80\n---\n')).toBe(true);
    expect(r.stderr).toBe("warning: Deployment default/batch: skipped: sidecar injection is disabled by 'sidecar.istio.io/inject'\n");
    expect(docs[2].spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init', 'istio-proxy']);
  });

  test('-f - reads standard input', async () => {
    const r = await run(['inject', '-f', '-'], {}, HELLO);
    expect(r.code).toBe(0);
    expect(documents(r.stdout)).toEqual([injectObject(YAML.parse(HELLO))]);
  });

  test('--filename=FILE works too, and empty input prints nothing', async () => {
    const r = await run(['inject', '--filename=empty.yaml'], { 'empty.yaml': '# nothing\n---\n' });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('--hub, --tag and --revision select images and control plane', async () => {
    // WHEN
    const r = await run(['inject', '-f', 'app.yaml', '--hub', 'docker.io/istio', '--tag=1.24.0', '--revision', 'canary'], { 'app.yaml': HELLO });
    // THEN
    expect(r.code).toBe(0);
    const t = documents(r.stdout)[0].spec.template;
    expect(t.spec.initContainers.map((c: any) => c.image)).toEqual(['docker.io/istio/proxyv2:1.24.0', 'docker.io/istio/proxyv2:1.24.0']);
    expect(t.metadata.annotations['istio.io/rev']).toBe('canary');
    expect(t.spec.initContainers[1].env.find((e: any) => e.name === 'CA_ADDR').value).toBe('istiod-canary.istio-system.svc:15012');
  });

  test('--no-native-sidecars injects istio-proxy as a regular container; --native-sidecars is the default', async () => {
    // WHEN
    const classic = await run(['inject', '--no-native-sidecars', '-f', 'app.yaml'], { 'app.yaml': HELLO });
    const native = await run(['inject', '--native-sidecars', '-f', 'app.yaml'], { 'app.yaml': HELLO });
    // THEN
    expect(documents(classic.stdout)[0].spec.template.spec.containers.map((c: any) => c.name)).toEqual(['hello', 'istio-proxy']);
    expect(documents(native.stdout)[0].spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init', 'istio-proxy']);
  });

  test('--help prints the options', async () => {
    const r = await run(['inject', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-mesh inject -f FILE/);
    expect(r.stdout).toContain('--no-native-sidecars');
    expect(r.stdout).toContain('-o, --output FILE');
  });
});

/* ------------------------------------------------------------------ */
/* bad input and bad arguments                                         */
/* ------------------------------------------------------------------ */

describe('cdk8s-mesh errors', () => {
  const usageTail = '\n\nUsage: cdk8s-mesh inject -f FILE [-o FILE] [--hub HUB] [--tag TAG] [--revision REV] [--native-sidecars | --no-native-sidecars]\n'
    + "Run 'cdk8s-mesh inject --help' for its options.\n";

  test.each([
    [['inject'], '-f FILE is required'],
    [['inject', '-f'], 'option -f needs a value (FILE)'],
    [['inject', '-f', 'a.yaml', '--frob'], 'unknown option --frob'],
    [['inject', '-f', 'a.yaml', '-f', 'b.yaml'], 'option -f is given more than once'],
    [['inject', '-f', 'a.yaml', 'extra'], "unexpected argument 'extra'"],
    [['inject', '-f', 'a.yaml', '--native-sidecars', '--no-native-sidecars'], '--native-sidecars and --no-native-sidecars cannot be combined'],
    [['inject', '-f', 'a.yaml', '--native-sidecars=yes'], "option --native-sidecars takes no value, got 'yes'"],
    [['inject', '-f', 'a.yaml', '--revision', 'Canary'], "--revision must be a DNS-1123 label (lowercase letters, digits and '-'), got 'Canary'"],
    [['inject', '-f', 'a.yaml', '--hub='], "--hub must be a non-empty string, got ''"],
    [['inject', '-f', 'a.yaml', '-o', ''], '-o needs a file name'],
    [['inject', '-f', 'a.yaml', '-o'], 'option -o needs a value (FILE)'],
  ])('%p exits with 2 and usage', async (argv, message) => {
    const r = await run(argv, { 'a.yaml': HELLO });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${message}${usageTail}` });
  });

  test('no command prints the command list and exits with 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      'Usage: cdk8s-mesh <command> [options]',
      '',
      'Commands:',
      '  inject   inject the Istio sidecar into the workloads of a manifest file',
      '  analyze  find errors in Istio and Kubernetes manifests (like istioctl analyze, without a cluster)',
      "  scope    report what each proxy's configuration holds, without and with Sidecar scoping",
      '  route    tell where a request goes: the matched rule, destinations and shares, faults, authorization',
      '  graph    draw the mesh as a Mermaid diagram (gateways, services, versions, weighted routes, allowed callers)',
      '',
      "Run 'cdk8s-mesh <command> --help' for a command's options.",
      '',
    ].join('\n'));
  });

  test('an unknown command exits with 2', async () => {
    const r = await run(['analyse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command 'analyse' \(commands: inject, analyze, scope, route, graph\)\n\nUsage: cdk8s-mesh <command>/);
  });

  test('--help and help list the commands', async () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`  inject   ${COMMANDS[0].summary}`);
      expect(r.stdout).toContain(`  analyze  ${COMMANDS[1].summary}`);
      expect(r.stdout).toContain(`  scope    ${COMMANDS[2].summary}`);
      expect(r.stdout).toContain(`  route    ${COMMANDS[3].summary}`);
    }
  });

  test('an invalid annotation exits with 1 and names the object, the annotation, the value and what is allowed', async () => {
    // GIVEN
    const bad = HELLO.replace(
      '      labels:\n        app: hello\n    spec',
      '      labels:\n        app: hello\n      annotations:\n        sidecar.istio.io/proxyCPU: lots\n        sidecar.istio.io/logLevel: loud\n    spec',
    );
    // WHEN
    const r = await run(['inject', '-f', 'bad.yaml'], { 'bad.yaml': `${SERVICE}---\n${bad}` });
    // THEN
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: Deployment default/hello: annotation 'sidecar.istio.io/logLevel' must be one of trace, debug, info, warning, error, critical, off, got 'loud'\n"
        + "error: Deployment default/hello: annotation 'sidecar.istio.io/proxyCPU' must be a non-negative Kubernetes quantity such as 100m, 0.5 or 2, got 'lots'\n",
    });
  });

  test.each([
    [{}, 'missing.yaml', "error: cannot read 'missing.yaml': no such file\n"],
    [{ 'x.yaml': 'kind: [unclosed\n' }, 'x.yaml', 'error: x.yaml:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n'],
    [{ 'x.yaml': `${SERVICE}---\njust a string\n` }, 'x.yaml',
      'error: x.yaml:11: document 2 is not a Kubernetes object (a mapping with apiVersion and kind), got a string\n'],
    [{ 'x.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec: {}\n' }, 'x.yaml', 'error: Deployment default/x: spec.template is required\n'],
  ])('bad input exits with 1: %p', async (files, file, expected) => {
    const r = await run(['inject', '-f', file], files);
    expect(r).toEqual({ code: 1, stdout: '', stderr: expected });
  });

  test('an unreadable standard input exits with 1', async () => {
    let stderr = '';
    const code = await main(['inject', '-f', '-'], {
      stdout: () => undefined,
      stderr: s => { stderr += s; },
      readStdin: () => { throw new Error('stream closed'); },
    });
    expect(code).toBe(1);
    expect(stderr).toBe('error: cannot read standard input: stream closed\n');
  });
});

/* ------------------------------------------------------------------ */
/* input: YAML limits, merge keys, encodings                           */
/* ------------------------------------------------------------------ */

/** A small file whose aliases expand a 100,000-item list 99 times (about 10 million nodes). */
function aliasBomb(): string {
  const list = Array.from({ length: 100_000 }, (_, i) => i).join(',');
  const refs = Array.from({ length: 99 }, () => '  - *big').join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nlist: &big [${list}]\nrefs:\n${refs}\n`;
}

describe('cdk8s-mesh input', () => {
  test.each([['inject', '-f'], ['analyze']])('an alias bomb is refused quickly, naming the alias that goes too far (%s)', async (...command) => {
    // GIVEN: Go's bound is crossed at the 8th reference (line 14), past 800,000 nodes of which 8/9 come from aliases
    const bomb = aliasBomb();
    expect(bomb.length).toBeLessThan(700_000);
    // WHEN
    const r = await run([...command, 'bomb.yaml'], { 'bomb.yaml': bomb });
    // THEN
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: bomb.yaml:14: excessive aliasing: expanding alias '*big' goes beyond the bound of Go's YAML decoders (kubectl refuses this document too)\n",
    });
  });

  test('aliases within the bound are expanded', async () => {
    // GIVEN: a 2,000-item list used 50 times: a 99% share of aliased nodes, under 400,000 nodes in all
    const list = Array.from({ length: 2000 }, (_, i) => i).join(',');
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: &a "x"\n  b: *a\nlist: &l [${list}]\nrefs: [${Array.from({ length: 50 }, () => '*l').join(', ')}]\n`;
    // WHEN
    const r = await run(['inject', '-f', 'c.yaml'], { 'c.yaml': config });
    // THEN
    expect(r.code).toBe(0);
    const doc = documents(r.stdout)[0];
    expect(doc.data).toEqual({ a: 'x', b: 'x' });
    expect(doc.refs).toHaveLength(50);
    expect(doc.refs[49]).toHaveLength(2000);
  });

  test('merge keys are merged as kubectl merges them (go-yaml v2: a later key wins, the first of a merged list wins)', async () => {
    // GIVEN
    const input = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  selector:
    matchLabels: &labels
      app: hello
  template:
    metadata:
      labels:
        <<: *labels
        tier: web
      annotations:
        a: explicit
        <<: {a: merged, b: merged}
    spec:
      containers:
      - &base
        name: hello
        image: example.com/hello:1.0
      - <<: [*base, {image: example.com/ignored, ports: [{containerPort: 81}]}]
        name: sidekick
`;
    // WHEN
    const r = await run(['inject', '--no-native-sidecars', '-f', 'app.yaml'], { 'app.yaml': input });
    // THEN
    expect(r.code).toBe(0);
    const t = documents(r.stdout)[0].spec.template;
    expect(t.metadata.labels).toMatchObject({ app: 'hello', tier: 'web' });
    expect(t.metadata.annotations).toMatchObject({ a: 'merged', b: 'merged' });
    expect(Object.keys(t.metadata.labels)).not.toContain('<<');
    expect(t.spec.containers.map((c: any) => [c.name, c.image, c.ports])).toEqual([
      ['hello', 'example.com/hello:1.0', undefined],
      ['sidekick', 'example.com/hello:1.0', [{ containerPort: 81 }]],
      ['istio-proxy', 'registry.istio.io/testing/proxyv2:latest', [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]],
    ]);
  });

  test('a merge key with a scalar value is an error with its line', async () => {
    const r = await run(['analyze', 'x.yaml'], { 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: 1\n  name: x\n' });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: x.yaml:4: a merge key (<<) needs a mapping or a list of mappings as its value\n' });
  });

  test('a YAML error names the file and the line in the file, past earlier documents', async () => {
    // GIVEN: the error is on line 16 of the file, in its second document
    const bad = `${SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n   c: d\n`;
    // WHEN
    const inject = await run(['inject', '-f', 'app.yaml'], { 'app.yaml': bad });
    const analyze = await run(['analyze', 'app.yaml'], { 'app.yaml': bad });
    // THEN
    const stderr = 'error: app.yaml:16: invalid YAML: Nested mappings are not allowed in compact mappings\n';
    expect(inject).toEqual({ code: 1, stdout: '', stderr });
    expect(analyze).toEqual({ code: 1, stdout: '', stderr });
  });

  test('binary input is not echoed: it is reported as not text', async () => {
    // GIVEN: the start of a PNG image, and a file with a NUL byte
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const nul = Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "b\u0000c"\n');
    // WHEN
    const r1 = await run(['inject', '-f', 'logo.png'], { 'logo.png': png });
    const r2 = await run(['analyze', 'nul.yaml'], { 'nul.yaml': nul });
    // THEN
    expect(r1).toEqual({ code: 1, stdout: '', stderr: 'error: logo.png:1: not UTF-8 text: invalid byte 0x89 at column 1\n' });
    expect(r2).toEqual({ code: 1, stdout: '', stderr: 'error: nul.yaml:4: not text: control character U+0000 at column 8 (binary data?)\n' });
  });

  test('invalid UTF-8 is an error, not replaced', async () => {
    // GIVEN: Latin-1 "é" (0xe9) in a UTF-8 file, on line 5; and a valid UTF-8 "é" (0xc3 0xa9)
    const latin1 = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const utf8 = Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: café\n');
    // WHEN
    const bad = await run(['inject', '-f', 'x.yaml'], { 'x.yaml': latin1 });
    const good = await run(['inject', '-f', 'x.yaml'], { 'x.yaml': utf8 });
    // THEN
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'error: x.yaml:6: not UTF-8 text: invalid byte 0xe9 at column 9\n' });
    expect(good.code).toBe(0);
    expect(documents(good.stdout)[0].data).toEqual({ a: 'café' });
  });
});

/* ------------------------------------------------------------------ */
/* files on disk: streaming input, -o output                           */
/* ------------------------------------------------------------------ */

/** Runs the CLI with the real file system (no in-memory files). */
async function runOnDisk(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

describe('cdk8s-mesh on files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a file read in many chunks gives the same output as the same text read whole', async () => {
    // GIVEN: about 2.5 MB, more than two reads of 1 MiB, with documents cut across reads
    const padding = Array.from({ length: 100 }, (_, k) => `    line ${k}: some text to make the documents big`).join('\n');
    const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config${i}\ndata:\n  text: |\n${padding}\n`;
    const docs = Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? HELLO.replace(/hello/g, `app${i}`) : configMap(i)));
    const text = docs.join('---\n');
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    // WHEN
    const streamed = await runOnDisk(['inject', '-f', file]);
    const whole = await run(['inject', '-f', 'big.yaml'], { 'big.yaml': text });
    // THEN
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toBe(whole.stdout);
    expect(documents(streamed.stdout)).toHaveLength(500);
  });

  test('-o FILE writes the injected manifests to FILE and nothing to standard output', async () => {
    // GIVEN
    const input = path.join(dir, 'app.yaml');
    fs.writeFileSync(input, `${SERVICE}---\n${HELLO}`);
    const out = path.join(dir, 'out.yaml');
    // WHEN
    const r = await runOnDisk(['inject', '-f', input, '-o', out]);
    // THEN
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(out, 'utf-8')).toBe((await run(['inject', '-f', 'a.yaml'], { 'a.yaml': `${SERVICE}---\n${HELLO}` })).stdout);
    expect(fs.readdirSync(dir).sort()).toEqual(['app.yaml', 'out.yaml']);
  });

  test('bad input leaves an existing -o FILE as it was, and no temporary file behind', async () => {
    // GIVEN
    const input = path.join(dir, 'app.yaml');
    fs.writeFileSync(input, `${HELLO}---\nkind: [\n`);
    const out = path.join(dir, 'out.yaml');
    fs.writeFileSync(out, 'old content\n');
    // WHEN
    const r = await runOnDisk(['inject', '-f', input, '-o', out]);
    // THEN
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: ${input}:21: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n` });
    expect(fs.readFileSync(out, 'utf-8')).toBe('old content\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['app.yaml', 'out.yaml']);
  });

  test('-o under a regular file, in a missing directory, or naming a directory fails with what is in the way', async () => {
    // GIVEN
    const input = path.join(dir, 'app.yaml');
    fs.writeFileSync(input, HELLO);
    // WHEN
    const underFile = await runOnDisk(['inject', '-f', input, '-o', path.join(input, 'out.yaml')]);
    const missing = await runOnDisk(['inject', '-f', input, '-o', path.join(dir, 'nope', 'out.yaml')]);
    const directory = await runOnDisk(['inject', '-f', input, '-o', dir]);
    // THEN
    expect(underFile).toEqual({ code: 1, stdout: '', stderr: `error: cannot write '${input}/out.yaml': '${input}' is a file, not a directory\n` });
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `error: cannot write '${dir}/nope/out.yaml': directory '${dir}/nope' does not exist\n` });
    expect(directory).toEqual({ code: 1, stdout: '', stderr: `error: cannot write '${dir}': it is a directory\n` });
  });

  test('-o in a directory without write permission fails with permission denied', async () => {
    // GIVEN: a read-only directory (root may write anywhere but in sysfs)
    const input = path.join(dir, 'app.yaml');
    fs.writeFileSync(input, HELLO);
    let target = path.join(dir, 'ro', 'out.yaml');
    if (process.getuid?.() === 0) {
      target = '/sys/cdk8s-mesh-out.yaml';
    } else {
      fs.mkdirSync(path.join(dir, 'ro'), 0o555);
    }
    // WHEN
    const r = await runOnDisk(['inject', '-f', input, '-o', target]);
    // THEN
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: cannot write '${target}': permission denied\n` });
  });

  test('-o on a full device fails with no space left on device', async () => {
    // GIVEN: /dev/full, where every write fails with ENOSPC
    const input = path.join(dir, 'app.yaml');
    fs.writeFileSync(input, HELLO);
    // WHEN
    const r = await runOnDisk(['inject', '-f', input, '-o', '/dev/full']);
    // THEN
    expect(r).toEqual({ code: 1, stdout: '', stderr: "error: cannot write '/dev/full': no space left on device\n" });
  });

  test('a directory without manifest files as input is an error (one with them is read: test/cli/manifests.test.ts)', async () => {
    const r = await runOnDisk(['analyze', dir]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: directory '${dir}' holds no .yaml, .yml or .json file\n` });
  });
});
