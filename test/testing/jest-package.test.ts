/**
 * The matchers as a user's test suite gets them: from the compiled package (`npm test` compiles
 * lib/ before jest runs), by the package path `cdk8s-mesh/lib/testing/…`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REVIEWS_JASON_V2 } from './reviews-manifests';

const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');

/**
 * The type errors of each source, compiled together (one program: a compilation takes seconds) as a
 * user's test files, with the package at `cdk8s-mesh` and jest's types.
 */
function userTypeErrors(...sources: string[]): string[][] {
  const dir = path.join(ROOT, '.tmp', 'user-suite');
  fs.mkdirSync(dir, { recursive: true });
  const files = sources.map((source, i) => {
    const file = path.join(dir, source.startsWith('// d.ts') ? `types-${process.pid}-${i}.d.ts` : `suite-${process.pid}-${i}.test.ts`);
    fs.writeFileSync(file, source);
    return file;
  });
  try {
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      types: ['jest', 'node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      skipLibCheck: false,
      // the package as installed: its package.json's directory
      baseUrl: ROOT,
      paths: { 'cdk8s-mesh/*': ['./*'] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return files.map(file => diagnostics
      .filter(d => d.file?.fileName === file)
      .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  } finally {
    files.forEach(file => fs.rmSync(file, { force: true }));
  }
}

describe('the matchers as a package user gets them', () => {
  test('the compiled setup module is where the package puts it', () => {
    expect(fs.existsSync(path.join(LIB, 'testing', 'jest-setup.js'))).toBe(true);
    expect(fs.existsSync(path.join(LIB, 'testing', 'jest.d.ts'))).toBe(true);
  });

  test('importing the compiled setup module registers the matchers with this suite’s expect', () => {
    // WHEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(LIB, 'testing', 'jest-setup.js'));
    // THEN
    expect(REVIEWS_JASON_V2).toRoute({ host: 'reviews.bookinfo.svc.cluster.local', headers: { 'end-user': 'jason' } }, { to: 'reviews', subset: 'v2' });
    expect(REVIEWS_JASON_V2).not.toRoute({ host: 'reviews.bookinfo.svc.cluster.local' }, { to: 'reviews', subset: 'v2' });
  });

  test('a user’s test file type-checks against the compiled declarations, and a wrong use is a type error', () => {
    const [right, wrong] = userTypeErrors([
      "import 'cdk8s-mesh/lib/testing/jest-setup';",
      "import { Chart, Testing } from 'cdk8s';",
      "const chart = new Chart(Testing.app(), 'c');",
      "expect(chart).toRoute({ host: 'reviews', headers: { 'end-user': 'jason' } }, { to: 'reviews', subset: 'v2' });",
      "expect(chart).toRoute({ host: 'reviews' }, 'reviews');",
      "expect(chart).not.toSplit({ host: 'reviews' }, [{ to: 'reviews', subset: 'v1', weight: 90 }, { to: 'reviews', subset: 'v3', weight: 10 }]);",
      "expect('dist/').toDelay({ host: 'ratings' }, { delay: '7s', percentage: 100 });",
      "expect([]).toAbort({ host: 'ratings' }, { httpStatus: 500 });",
      "expect(chart).toAllowRequest({ host: 'reviews', source: { workload: 'bookinfo/productpage-v1' } });",
      "expect(chart).toDenyRequest({ host: 'productpage', source: { workload: 'bookinfo/ratings-v1' } }, { policy: 'bookinfo/productpage' });",
      "expect(chart).toRespond({ host: 'bookinfo.example.com', path: '/x', gateway: 'istio-ingress/gw' }, 404);",
      '',
    ].join('\n'), [
      "import 'cdk8s-mesh/lib/testing/jest-setup';",
      "expect([]).toRoute({ hots: 'reviews' }, { to: 'reviews' });",
      "expect([]).toSplit({ host: 'reviews' }, [{ to: 'reviews' }]);",
      '',
    ].join('\n'));
    expect(right).toEqual([]);

    expect(wrong).toEqual([
      expect.stringContaining("'hots' does not exist in type 'SimulatedRequest'"),
      expect.stringContaining("Property 'weight' is missing"),
    ]);
  });

  test('with jest-setup in setupFilesAfterEnv, one declaration file importing the matchers types every test file', () => {
    expect(userTypeErrors([
      '// d.ts: what a user adds beside the tests',
      "import 'cdk8s-mesh/lib/testing/jest';",
      '',
    ].join('\n'), [
      "expect([]).toSplit({ host: 'reviews' }, [{ to: 'reviews', subset: 'v1', weight: 100 }]);",
      'export {};',
      '',
    ].join('\n'))).toEqual([[], []]);
  });

  test('outside jest, loading the setup module fails saying where it belongs', () => {
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(LIB, 'testing', 'jest-setup.js'))})`], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Error: cdk8s-mesh/lib/testing/jest-setup registers jest matchers: load it where jest's global expect is defined "
      + "(jest's setupFilesAfterEnv, or an import in a test file)\n");
  });

  test('the package index loads neither jest nor the matchers, and jest need not be installed', () => {
    const script = [
      `require(${JSON.stringify(path.join(LIB, 'index.js'))});`,
      'const loaded = Object.keys(require.cache).filter(k => /[\\\\/](jest|expect|@jest|@types)[\\\\/]|[\\\\/]lib[\\\\/]testing[\\\\/]/.test(k));',
      'console.log(JSON.stringify({ loaded, expect: typeof expect }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ loaded: [], expect: 'undefined' });
  });

  test('the declarations of the package index do not mention the matchers', () => {
    const index = fs.readFileSync(path.join(LIB, 'index.d.ts'), 'utf-8');
    expect(index).not.toMatch(/testing/);
  });
});
