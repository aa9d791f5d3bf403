import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { buildBookinfoApp } from '../../examples/bookinfo/app';
import { main } from '../../src/cli/main';
import { RATINGS_FAULTS, REVIEWS_AUTHORIZED, REVIEWS_JASON_V2 } from '../testing/reviews-manifests';

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

const USAGE_LINE = 'Usage: cdk8s-mesh route --host HOST [--port PORT] [--path PATH] [--method METHOD] [--header NAME=VALUE]... '
  + '[--query NAME=VALUE]... [--from NS/WORKLOAD] [--gateway NS/NAME] [--format text|json] FILE|DIR...';
const usageError = (message: string) => ({
  code: 2,
  stdout: '',
  stderr: `error: ${message}\n\n${USAGE_LINE}\nRun 'cdk8s-mesh route --help' for its options.\n`,
});

describe('cdk8s-mesh route: the command line', () => {
  test('--help prints the options and exits with 0', async () => {
    const r = await run(['route', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(USAGE_LINE);
    expect(r.stdout).toContain('  -H, --header NAME=VALUE          a request header (repeatable)\n');
  });

  test('route is listed among the commands', async () => {
    expect((await run(['--help'])).stdout).toContain('  route    tell where a request goes: the matched rule, destinations and shares, faults, authorization\n');
  });

  test.each([
    [['f.yaml'], '--host is required'],
    [['--host=', 'f.yaml'], '--host needs a host'],
    [['--host', 'a'], 'at least one FILE or DIR is required'],
    [['--host', 'a', '-', '-'], "standard input ('-') can be read only once"],
    [['--host', 'a', '--port', '0', 'f.yaml'], "--port must be a port number from 1 to 65535, got '0'"],
    [['--host', 'a', '--port', '65536', 'f.yaml'], "--port must be a port number from 1 to 65535, got '65536'"],
    [['--host', 'a', '--port', '80x', 'f.yaml'], "--port must be a port number from 1 to 65535, got '80x'"],
    [['--host', 'a', '--path', 'x', 'f.yaml'], "--path must start with '/', got 'x'"],
    [['--host', 'a', '-H', 'end-user', 'f.yaml'], "--header must be NAME=VALUE, got 'end-user'"],
    [['--host', 'a', '-H', '=jason', 'f.yaml'], "--header must be NAME=VALUE, got '=jason'"],
    [['--host', 'a', '-H', 'a=1', '-H', 'a=2', 'f.yaml'], '--header a is given more than once'],
    [['--host', 'a', '--query', 'q', 'f.yaml'], "--query must be NAME=VALUE, got 'q'"],
    [['--host', 'a', '--from-label', 'app', 'f.yaml'], "--from-label must be NAME=VALUE, got 'app'"],
    [['--host', 'a', '--from', 'productpage', 'f.yaml'], "--from must be NAMESPACE/NAME, got 'productpage'"],
    [['--host', 'a', '--gateway', 'a/b/c', 'f.yaml'], "--gateway must be NAMESPACE/NAME, got 'a/b/c'"],
    [['--host', 'a', '--scheme', 'ftp', 'f.yaml'], "--scheme must be 'http' or 'https', got 'ftp'"],
    [['--host', 'a', '--method=', 'f.yaml'], '--method needs a method'],
    [['--host', 'a', '--from-namespace=', 'f.yaml'], '--from-namespace needs a namespace'],
    [['--host', 'a', '--root-namespace=', 'f.yaml'], '--root-namespace needs a namespace'],
    [['--host', 'a', '-o', 'yaml', 'f.yaml'], "--format must be 'text' or 'json', got 'yaml'"],
    [['--host', 'a', '--host', 'b', 'f.yaml'], 'option --host is given more than once'],
  ])('%j is a usage error: %s', async (args, message) => {
    expect(await run(['route', ...args])).toEqual(usageError(message));
  });

  test('the edges that are accepted: port 1 and 65535, an empty header value', async () => {
    const files = { 'f.yaml': yaml(REVIEWS_JASON_V2) };
    for (const args of [['--port', '1'], ['--port', '65535'], ['-H', 'end-user=']]) {
      expect((await run(['route', '--host', 'reviews.bookinfo.svc.cluster.local', ...args, 'f.yaml'], files)).code).toBe(0);
    }
  });

  test('an input that cannot be read exits with 1', async () => {
    expect(await run(['route', '--host', 'a', 'missing.yaml'])).toEqual({ code: 1, stdout: '', stderr: "error: cannot read 'missing.yaml': no such file\n" });
  });

  test('a directory without manifests exits with 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-'));
    try {
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
      expect(await run(['route', '--host', 'a', dir])).toEqual({ code: 1, stdout: '', stderr: `error: directory '${dir}' holds no .yaml, .yml or .json file\n` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an Istio object that is not of its kind’s structure exits with 1, naming it', async () => {
    const broken = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'x', namespace: 'a' }, spec: { hosts: 'x' } };
    const r = await run(['route', '--host', 'x', '-'], {}, yaml([broken]));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(-2)).toEqual([
      "error: the route cannot be told with this object: fix it (istioctl analyze or 'cdk8s-mesh analyze' says more)",
      '',
    ]);
    expect(r.stderr).toMatch(/^error: VirtualService a\/x: /);
  });
});

describe('cdk8s-mesh route: where requests go', () => {
  const files = { 'reviews.yaml': yaml(REVIEWS_JASON_V2), 'ratings.yaml': yaml(RATINGS_FAULTS), 'authz.yaml': yaml(REVIEWS_AUTHORIZED) };
  const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
  const RATINGS = 'ratings.bookinfo.svc.cluster.local';
  const DEFAULT_RETRIES = "retries: 2 attempts, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (Istio's default)";

  test('prints the request, the rule and each destination with its share, and exits with 0', async () => {
    expect(await run(['route', '--host', 'reviews', '--from-namespace', 'bookinfo', '-H', 'end-user=jason', 'reviews.yaml'], files)).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'GET http://reviews/ with end-user=jason from namespace bookinfo',
        'routed by VirtualService bookinfo/reviews http[0], match 0',
        `  -> ${REVIEWS} subset v2 port 9080: 100%`,
        DEFAULT_RETRIES,
        '',
      ].join('\n'),
    });
    expect((await run(['route', '--host', REVIEWS, 'reviews.yaml'], files)).stdout).toBe([
      `GET http://${REVIEWS}/`,
      'routed by VirtualService bookinfo/reviews http[1]',
      `  -> ${REVIEWS} subset v1 port 9080: 90%`,
      `  -> ${REVIEWS} subset v3 port 9080: 10%`,
      DEFAULT_RETRIES,
      '',
    ].join('\n'));
  });

  test('the fault, timeout and retries of the matched rule', async () => {
    const jason = await run(['route', '--host', RATINGS, '--header', 'end-user=jason', 'ratings.yaml'], files);
    expect(jason.stdout).toBe([
      `GET http://${RATINGS}/ with end-user=jason`,
      'routed by VirtualService bookinfo/ratings http[0], match 0',
      `  -> ${RATINGS} subset v1 port 9080: 100%`,
      'fault: delay 7s (100%); abort HTTP 500 (50%)',
      DEFAULT_RETRIES,
      '',
    ].join('\n'));
    expect((await run(['route', '--host', RATINGS, 'ratings.yaml'], files)).stdout).toBe([
      `GET http://${RATINGS}/`,
      'routed by VirtualService bookinfo/ratings http[1]',
      `  -> ${RATINGS} subset v1 port 9080: 100%`,
      'timeout: 10s',
      'retries: 3 attempts, 2s per try, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      '',
    ].join('\n'));
  });

  test('--from names the client workload: its identity meets the authorization policies', async () => {
    const r = await run(['route', '--host', REVIEWS, '--from', 'bookinfo/ratings-v1', '-X', 'GET', 'authz.yaml'], files);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        `GET http://${REVIEWS}/ from bookinfo/ratings-v1`,
        'routed by VirtualService bookinfo/reviews http[1]',
        `  -> ${REVIEWS} subset v1 port 9080: 90%`,
        '     authorization: denied by bookinfo/reviews-viewer: no ALLOW policy in force matches (bookinfo/reviews-viewer)',
        `  -> ${REVIEWS} subset v3 port 9080: 10%`,
        '     authorization: denied by bookinfo/reviews-viewer: no ALLOW policy in force matches (bookinfo/reviews-viewer)',
        DEFAULT_RETRIES,
        '',
      ].join('\n'),
    });
  });

  test('an unknown --from workload is a caveat: the source is what the request gives', async () => {
    const r = await run(['route', '--host', REVIEWS, '--from', 'bookinfo/nobody', 'authz.yaml'], files);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(-2)).toEqual([
      'caveat: the manifests hold no workload bookinfo/nobody (Deployment, StatefulSet, DaemonSet, Pod, Rollout …): '
        + 'the source has only the labels, namespace and service account the request gives',
      '',
    ]);
  });

  test('--format json prints the request and the route as the simulator gives them', async () => {
    const r = await run(['route', '--host', REVIEWS, '--path', '/reviews/0', '--query', 'a=1', '--port', '9080', '-o', 'json', 'reviews.yaml'], files);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      request: { host: REVIEWS, port: 9080, path: '/reviews/0', queryParams: { a: '1' } },
      route: {
        routedBy: 'VirtualService',
        rule: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews', index: 1 },
        destinations: [
          { host: REVIEWS, service: 'bookinfo/reviews', subset: 'v1', labels: { app: 'reviews', version: 'v1' }, port: 9080, weight: 90 },
          { host: REVIEWS, service: 'bookinfo/reviews', subset: 'v3', labels: { app: 'reviews', version: 'v3' }, port: 9080, weight: 10 },
        ],
        retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', meshDefault: true },
        caveats: [],
      },
    });
  });

  test('a directory stands for its manifest files, and files and standard input are read together', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-'));
    let out = '';
    let err = '';
    try {
      fs.writeFileSync(path.join(dir, 'service.yaml'), yaml(REVIEWS_JASON_V2.slice(0, 1)));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
      const r = await main(['route', '--host', REVIEWS, '-H', 'end-user=jason', dir, '-'], {
        stdout: s => { out += s; },
        stderr: s => { err += s; },
        readStdin: () => yaml(REVIEWS_JASON_V2.slice(1)),
      });
      expect({ r, err }).toEqual({ r: 0, err: '' });
      expect(out.split('\n')[2]).toBe(`  -> ${REVIEWS} subset v2 port 9080: 100%`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cdk8s-mesh route on the whole bookinfo mesh', () => {
  const app = new App({ outdir: '.tmp/unused' });
  buildBookinfoApp(app);
  const files = { 'bookinfo.yaml': app.synthYaml() };

  test('--gateway: the request enters through the ingress gateway; both verdicts are printed', async () => {
    const r = await run(['route', '--gateway', 'default/bookinfo-gateway', '--host', 'bookinfo.example.com', '--port', '8080', '--path', '/productpage', 'bookinfo.yaml'], files);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'GET http://bookinfo.example.com:8080/productpage through gateway default/bookinfo-gateway',
        'routed by VirtualService default/bookinfo http[0], match 0 at gateway default/bookinfo-gateway',
        'gateway authorization: allowed by istio-ingress/bookinfo-gateway: ALLOW policy istio-ingress/bookinfo-gateway rule 0 matches',
        '  -> productpage.default.svc.cluster.local port 9080: 100%',
        '     authorization: allowed by default/productpage: ALLOW policy default/productpage rule 0 matches',
        "retries: 2 attempts, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (Istio's default)",
        '',
      ].join('\n'),
    });
  });

  test('a call the mesh does not allow: denied, with the deciding policy', async () => {
    const r = await run(['route', '--from', 'default/ratings-v1', '--host', 'productpage', '--port', '9080', 'bookinfo.yaml'], files);
    expect(r.stdout).toBe([
      'GET http://productpage:9080/ from default/ratings-v1',
      'routed by VirtualService default/productpage http[0]',
      '  -> productpage.default.svc.cluster.local subset v1 port 9080: 100%',
      '     authorization: denied by istio-system/allow-nothing: no ALLOW policy in force matches (istio-system/allow-nothing, default/productpage)',
      "retries: 2 attempts, on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (Istio's default)",
      '',
    ].join('\n'));
  });
});
