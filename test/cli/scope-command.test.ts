import * as YAML from 'yaml';
import { main } from '../../src/cli/main';
import { CASES } from '../analysis/scope/cases';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[], files: Record<string, string> = {}, stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    readFile: file => {
      if (!(file in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[file];
    },
    readStdin: () => stdin,
  });
  return { code, stdout, stderr };
}

const yaml = (objects: any[]) => objects.map(o => YAML.stringify(o)).join('---\n');
const MESH = yaml(CASES.noRootSidecar.manifests);
const USAGE_TAIL = "\n\nUsage: cdk8s-mesh scope [--format text|json] [--root-namespace NS] FILE|DIR...\nRun 'cdk8s-mesh scope --help' for its options.\n";

describe('cdk8s-mesh scope', () => {
  test('prints a line per proxy and the averages, and exits with 0', async () => {
    const r = await run(['scope', 'mesh.yaml'], { 'mesh.yaml': MESH });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'PROXY     KIND     SIDECAR      SERVICES  CLUSTERS  ROUTE CONFIGS  VIRTUAL HOSTS',
        'a/client  sidecar  a/namespace  2 -> 1    2 -> 1    1 -> 1         3 -> 2',
        'b/client  sidecar  -            2 -> 2    2 -> 2    1 -> 1         3 -> 3',
        '',
        '2 proxies (2 sidecars, 0 gateways); average per proxy (routes per sidecar):',
        '  without Sidecar resources: 2 services, 2 clusters, 1 route configurations, 3 virtual hosts',
        '  with Sidecar resources:    1.5 services, 1.5 clusters, 1 route configurations, 2.5 virtual hosts',
        '',
      ].join('\n'),
    });
  });

  test('--format json prints the rows; files and standard input are read together', async () => {
    // GIVEN the Services in a file, the Sidecar and the Deployments on standard input
    const services = CASES.noRootSidecar.manifests.filter(m => m.kind === 'Service');
    const rest = CASES.noRootSidecar.manifests.filter(m => m.kind !== 'Service');
    // WHEN
    const r = await run(['scope', '-o', 'json', 'services.yaml', '-'], { 'services.yaml': yaml(services) }, yaml(rest));
    // THEN
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).proxies).toEqual([
      {
        proxy: 'a/client',
        kind: 'sidecar',
        sidecar: 'a/namespace',
        unscoped: { services: 2, clusters: 2, routeConfigurations: 1, virtualHosts: 3 },
        scoped: { services: 1, clusters: 1, routeConfigurations: 1, virtualHosts: 2 },
      },
      {
        proxy: 'b/client',
        kind: 'sidecar',
        unscoped: { services: 2, clusters: 2, routeConfigurations: 1, virtualHosts: 3 },
        scoped: { services: 2, clusters: 2, routeConfigurations: 1, virtualHosts: 3 },
      },
    ]);
  });

  test("--root-namespace names the namespace whose Sidecar is every namespace's default", async () => {
    const root = yaml([
      ...CASES.noRootSidecar.manifests,
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'root', namespace: 'mesh-root' }, spec: { egress: [{ hosts: ['./*'] }] } },
    ]);
    const asRoot = JSON.parse((await run(['scope', '--format=json', '--root-namespace', 'mesh-root', '-'], {}, root)).stdout);
    expect(asRoot.proxies[1]).toEqual(expect.objectContaining({ proxy: 'b/client', sidecar: 'mesh-root/root' }));
    const notRoot = JSON.parse((await run(['scope', '--format=json', '-'], {}, root)).stdout);
    expect(notRoot.proxies[1].sidecar).toBeUndefined();
  });

  test('--help prints the usage and exits with 0', async () => {
    const r = await run(['scope', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: cdk8s-mesh scope [--format text|json] [--root-namespace NS] FILE|DIR...');
    expect(r.stderr).toBe('');
  });

  test.each([
    [['scope'], 'at least one FILE or DIR is required'],
    [['scope', '--format', 'yaml', 'x.yaml'], "--format must be 'text' or 'json', got 'yaml'"],
    [['scope', '--root-namespace', '', 'x.yaml'], '--root-namespace needs a namespace'],
    [['scope', '--bogus', 'x.yaml'], 'unknown option --bogus'],
    [['scope', 'x.yaml', '-o'], 'option -o needs a value (FORMAT)'],
    [['scope', '-', '-'], "standard input ('-') can be read only once"],
  ])('bad arguments %j exit with 2 and the usage', async (argv, error) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: `error: ${error}${USAGE_TAIL}` });
  });

  test('a missing file exits with 1', async () => {
    expect(await run(['scope', 'missing.yaml'])).toEqual({ code: 1, stdout: '', stderr: "error: cannot read 'missing.yaml': no such file\n" });
  });

  test('a document that is no object exits with 1', async () => {
    expect(await run(['scope', '-'], {}, '- a\n- b\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: <stdin>:1: document 1 is not a Kubernetes object (a mapping with apiVersion and kind), got a list\n',
    });
  });

  test('an Istio object that is not of its kind\'s structure exits with 1, naming it and the field', async () => {
    const broken = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s, namespace: a}\nspec:\n  egress: {hosts: [\'./*\']}\n';
    expect(await run(['scope', '-'], {}, broken)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Sidecar a/s: spec.egress must be a list, got a mapping\n'
        + "error: the proxy scope cannot be told with this object: fix it (istioctl analyze or 'cdk8s-mesh analyze' says more)\n",
    });
  });

  test('manifests without proxies say so', async () => {
    expect(await run(['scope', '-'], {}, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'))
      .toEqual({ code: 0, stdout: 'No proxies: no pod of the manifests runs an Istio proxy.\n', stderr: '' });
  });
});
