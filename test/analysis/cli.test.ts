import * as fs from 'fs';
import * as path from 'path';
import { fixture } from './helpers';
import { main } from '../../src/cli/main';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'analysis');

async function run(argv: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    readFile: file => fs.readFileSync(path.isAbsolute(file) ? file : path.join(FIXTURES, file), 'utf-8'),
    readStdin: () => stdin,
  });
  return { code, stdout, stderr };
}

const BROKEN = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: nowhere}
`;

describe('cdk8s-mesh analyze', () => {
  test('bookinfo with a routing sample exits with 0 and prints findings grouped by level', async () => {
    const r = await run(['analyze', 'bookinfo.yaml', 'bookinfo-destination-rules.yaml', 'fault-injection-details-v1.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Warnings (2):');
    expect(lines).toContain('  Warning [IST0130] (VirtualService details) VirtualService rule #1 not used (only the last rule can have no matches).');
    expect(lines[lines.length - 2]).toBe('0 errors, 2 warnings, 2 info');
  });

  test('an error exits with 1; --format json prints the messages', async () => {
    const r = await run(['analyze', '--format', 'json', '-'], BROKEN);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      messages: [{ code: 'IST0101', level: 'Error', resource: 'VirtualService reviews', message: 'Referenced host not found: "nowhere"' }],
    });
  });

  test('files and standard input are analyzed together', async () => {
    // the VirtualService on standard input routes to bookinfo's reviews Service (and so gives it a route)
    expect(fixture('bookinfo.yaml').some(o => o.kind === 'Service' && o.metadata.name === 'reviews')).toBe(true);
    const r = await run(['analyze', '-o', 'json', 'bookinfo.yaml', '-'], BROKEN.replace('nowhere', 'reviews'));
    expect(JSON.parse(r.stdout).messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('--ignore and --root-namespace are passed on', async () => {
    expect((await run(['analyze', '--ignore', 'IST0101,MESH007', '-'], BROKEN)).code).toBe(0);
    const pa = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: d, namespace: root}\nspec: {mtls: {mode: STRICT}}\n---\n'
      + 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec: {host: reviews, trafficPolicy: {tls: {mode: DISABLE}}}\n';
    const r = await run(['analyze', '--root-namespace', 'root', 'bookinfo.yaml', '-'], pa);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Error [MESH004] (DestinationRule reviews)');
  });

  test('no issues says so', async () => {
    const r = await run(['analyze', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(r).toEqual({ code: 0, stdout: 'No issues found.\n', stderr: '' });
  });

  test.each([
    [['analyze'], 'at least one FILE or DIR is required'],
    [['analyze', '--format', 'yaml', 'x.yaml'], "--format must be 'text' or 'json', got 'yaml'"],
    [['analyze', '--bogus', 'x.yaml'], 'unknown option --bogus'],
    [['analyze', 'x.yaml', '-o'], 'option -o needs a value (FORMAT)'],
    [['analyze', '--no-default-gateways=1', 'x.yaml'], "option --no-default-gateways takes no value, got '1'"],
    [['analyze', '--ignore', 'IST0101', '--ignore', 'MESH007', 'x.yaml'], 'option --ignore is given more than once'],
    [['analyze', '-', '-'], "standard input ('-') can be read only once"],
  ])('bad arguments %j exit with 2', async (argv, error) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${error}`);
    expect(r.stderr).toContain('Usage: cdk8s-mesh analyze');
  });

  test('a missing file or invalid YAML exits with 1', async () => {
    const missing = await run(['analyze', '/nonexistent/x.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read '\/nonexistent\/x.yaml'/);
    const invalid = await run(['analyze', '-'], 'a: [');
    expect(invalid).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: <stdin>:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n',
    });
  });

  test('structurally wrong Istio objects are IST0106 errors naming the field, and are left out of the analysis', async () => {
    // GIVEN: hosts that is no list, a null spec, an http that is a mapping (routing to a host that does not exist)
    const input = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: reviews
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b}
spec: null
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: c}
spec:
  hosts: [reviews]
  http: {route: [{destination: {host: nowhere}}]}
`;
    // WHEN
    const r = await run(['analyze', '-'], input);
    // THEN
    expect(r).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'Errors (3):',
        '  Error [IST0106] (VirtualService b) Schema validation error: spec must be a mapping, got null',
        '  Error [IST0106] (VirtualService c) Schema validation error: spec.http must be a list, got a mapping',
        '  Error [IST0106] (VirtualService shop/a) Schema validation error: spec.hosts must be a list, got a string ("reviews")',
        '',
        '3 errors, 0 warnings, 0 info',
        '',
      ].join('\n'),
    });
  });

  test('IST0106 findings sort with the analysis findings, in JSON too, and --ignore IST0106 leaves them out', async () => {
    // GIVEN: a broken VirtualService beside one that routes nowhere
    const input = `${BROKEN}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings}\nspec: {hosts: [ratings], tcp: [{route: {destination: {host: ratings}}}]}\n`;
    // WHEN
    const json = await run(['analyze', '-o', 'json', '-'], input);
    const ignored = await run(['analyze', '-o', 'json', '--ignore', 'IST0106', '-'], input);
    // THEN
    const ist0101 = { code: 'IST0101', level: 'Error', resource: 'VirtualService reviews', message: 'Referenced host not found: "nowhere"' };
    expect(JSON.parse(json.stdout).messages).toEqual([
      { code: 'IST0106', level: 'Error', resource: 'VirtualService ratings', message: 'Schema validation error: spec.tcp[0].route must be a list, got a mapping' },
      ist0101,
    ]);
    expect(JSON.parse(ignored.stdout).messages).toEqual([ist0101]);
    expect(ignored.code).toBe(1);
  });

  test('objects of a List are checked too', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: security.istio.io/v1\n  kind: PeerAuthentication\n  metadata: {name: d}\n  spec: {mtls: {mode: STRICTER}}\n';
    const r = await run(['analyze', '-o', 'json', '-'], list);
    expect(JSON.parse(r.stdout).messages).toEqual([{
      code: 'IST0106',
      level: 'Error',
      resource: 'PeerAuthentication d',
      message: 'Schema validation error: spec.mtls.mode must be one of UNSET, DISABLE, PERMISSIVE, STRICT, got a string ("STRICTER")',
    }]);
  });

  test('--help prints the usage', async () => {
    const r = await run(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-mesh analyze \[--format text\|json\]/);
    expect(r.stdout).toContain('IST0106 SchemaValidationError');
  });
});
