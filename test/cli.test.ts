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
async function run(argv: string[], files: { [path: string]: string } = {}, stdin?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    readFile: path => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return files[path];
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
  });
});

/* ------------------------------------------------------------------ */
/* bad input and bad arguments                                         */
/* ------------------------------------------------------------------ */

describe('cdk8s-mesh errors', () => {
  const usageTail = '\n\nUsage: cdk8s-mesh inject -f FILE [--hub HUB] [--tag TAG] [--revision REV] [--native-sidecars | --no-native-sidecars]\n'
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
      '',
      "Run 'cdk8s-mesh <command> --help' for a command's options.",
      '',
    ].join('\n'));
  });

  test('an unknown command exits with 2', async () => {
    const r = await run(['analyse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command 'analyse' \(commands: inject, analyze\)\n\nUsage: cdk8s-mesh <command>/);
  });

  test('--help and help list the commands', async () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`  inject   ${COMMANDS[0].summary}`);
      expect(r.stdout).toContain(`  analyze  ${COMMANDS[1].summary}`);
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
    [{ 'x.yaml': 'kind: [unclosed\n' }, 'x.yaml', /^error: x\.yaml: document 1 is not valid YAML: /],
    [{ 'x.yaml': `${SERVICE}---\njust a string\n` }, 'x.yaml', 'error: x.yaml: document 2 is not a Kubernetes object (a mapping with apiVersion and kind)\n'],
    [{ 'x.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec: {}\n' }, 'x.yaml', 'error: Deployment default/x: spec.template is required\n'],
  ])('bad input exits with 1: %p', async (files, file, expected) => {
    const r = await run(['inject', '-f', file], files);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    if (typeof expected === 'string') {
      expect(r.stderr).toBe(expected);
    } else {
      expect(r.stderr).toMatch(expected);
    }
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
