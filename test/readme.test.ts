/**
 * README.md's examples produce the YAML the README shows under them.
 *
 * Each example marked `<!-- example: NAME -->` is transpiled and run as a program (after the
 * README's prelude, with `import … from 'cdk8s-mesh'` resolved to src/), synthesized by its
 * MeshApp into a temporary directory (CDK8S_OUTDIR), and every document of the YAML block after
 * it must be a faithful abridgement of one synthesized object (see test/util/readme-examples.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { MeshGraph } from '../src';
import { compareDocument, differences, programOf, readmeExamples, ReadmeExample } from './util/readme-examples';
import { registerSchema, validateManifests } from './util/validate';
import { main } from '../src/cli/main';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const EXAMPLES = readmeExamples(README);

/** Runs the example and returns every object it synthesized, in file order. */
function synthesize(example: ReadmeExample): any[] {
  return run(example).objects;
}

/** Runs the example: what it synthesized, or the error it threw. */
function run(example: ReadmeExample): { objects: any[]; error?: Error } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `readme-${example.name}-`));
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    const js = ts.transpileModule(programOf(EXAMPLES, example), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
      fileName: `${example.name}.ts`,
    }).outputText;
    // jest's require, so that the example's cdk8s is the one src/ uses
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (id: string) => (id === 'cdk8s-mesh' ? require('../src') : require(id));
    const exports = {};
    try {
      new Function('require', 'exports', 'module', js)(load, exports, { exports });
    } catch (e) {
      if (example.error === undefined) throw e;
      return { objects: [], error: e as Error };
    }
    const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort();
    return { objects: files.flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJS())) };
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function shownDocuments(example: ReadmeExample): any[] {
  return YAML.parseAllDocuments(example.yaml!).map(d => {
    if (d.errors.length > 0) throw new Error(`README.md example '${example.name}': its YAML does not parse: ${d.errors[0].message}`);
    return d.toJS();
  }).filter(d => d !== null);
}

/** The path of the first scalar in a document, and the document with it changed. */
function withFirstScalarChanged(doc: any): any {
  const copy = structuredClone(doc);
  const visit = (v: any): boolean => {
    for (const key of Object.keys(v)) {
      if (key === 'kind' || key === 'metadata' || key === 'apiVersion') continue;
      if (v[key] !== null && typeof v[key] === 'object') {
        if (visit(v[key])) return true;
      } else {
        v[key] = typeof v[key] === 'number' ? v[key] + 1 : `${v[key]}-changed`;
        return true;
      }
    }
    return false;
  };
  return visit(copy) ? copy : undefined;
}

beforeAll(async () => {
  // TCPRoute v1 has v1alpha2's schema, with exactly one rule (as in gateway-api-tcp.test.ts)
  const { TCPRoute } = await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute');
  registerSchema('gateway.networking.k8s.io/v1', 'TCPRoute', obj => {
    const problems: string[] = obj.spec?.rules?.length === 1 ? [] : ['spec.rules: must have exactly 1 item in v1'];
    try {
      new TCPRoute({ ...obj, apiVersion: 'gateway.networking.k8s.io/v1alpha2' }).validate();
    } catch (e: any) {
      problems.push(...(e.errors ?? [e]).map((x: any) => `${x.instancePath ?? ''}: ${x.message}`));
    }
    return problems;
  });
});

describe('README.md', () => {
  test('has examples with output, each with a name of its own', () => {
    // THEN
    expect(EXAMPLES.examples.length).toBeGreaterThanOrEqual(15);
  });

  const shown = EXAMPLES.examples.filter(e => e.yaml !== undefined);
  const failing = EXAMPLES.examples.filter(e => e.error !== undefined);

  test.each(failing.map(e => [e.name, e] as const))('example %s fails with the error shown', (_name, example) => {
    // WHEN
    const { error } = run(example);

    // THEN
    expect(error?.message).toEqual(example.error);
  });

  describe.each(shown.map(e => [e.name, e] as const))('example %s', (_name, example) => {
    let objects: any[];
    beforeAll(() => {
      objects = synthesize(example);
    });

    test('shows its real output', () => {
      // WHEN
      const problems = shownDocuments(example).flatMap(doc => compareDocument(objects, doc));

      // THEN
      expect(problems).toEqual([]);
    });

    test('shows at least one object, and each would catch a changed value', () => {
      // GIVEN
      const docs = shownDocuments(example);

      // THEN
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        const changed = withFirstScalarChanged(doc);
        if (changed) expect(compareDocument(objects, changed)).not.toEqual([]);
      }
    });

    test('synthesizes valid objects', async () => {
      // THEN
      await expect(validateManifests(objects)).resolves.toBeUndefined();
    });
  });
});

/** GitHub's anchor for a heading: lowercase, punctuation but '-' and '_' dropped, spaces to '-'. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

test('every link to a section of README.md names one of its headings', () => {
  // GIVEN
  const outsideCode = README.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, '');
  const anchors = new Set(outsideCode.split('\n').flatMap(l => /^#{1,6} (.*)$/.exec(l)?.slice(1).map(anchor) ?? []));

  // WHEN
  const links = [...outsideCode.matchAll(/\]\(#([^)]+)\)/g)].map(m => m[1]);
  const broken = links.filter(l => !anchors.has(l));

  // THEN
  expect(links.length).toBeGreaterThan(20);
  expect(broken).toEqual([]);
});

describe('differences', () => {
  test('accepts a map that leaves keys out, and refuses a key the output does not have', () => {
    // THEN
    expect(differences({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toEqual([]);
    expect(differences({ a: 1 }, { e: 1 })).toEqual(['.e: shown as 1, but the output has no such key (keys: a)']);
  });

  test('refuses a list with an entry left out or changed', () => {
    // THEN
    expect(differences({ l: [1, 2] }, { l: [1, 2] })).toEqual([]);
    expect(differences({ l: [1, 2] }, { l: [1] })).toEqual(['.l: shown with 1 entries, but the output has 2: [1,2]']);
    expect(differences({ l: [{ x: 1 }] }, { l: [{ x: 2 }] })).toEqual(['.l[0].x: shown as 2, but the output has 1']);
  });

  test('tells a number from the string of its digits', () => {
    // THEN
    expect(differences({ p: '9080' }, { p: 9080 })).toEqual(['.p: shown as 9080, but the output has "9080"']);
  });

  test('needs exactly one object of the output for a shown document', () => {
    // GIVEN
    const objects = [
      { kind: 'Service', metadata: { name: 'a', namespace: 'x' } },
      { kind: 'Service', metadata: { name: 'a', namespace: 'y' } },
    ];

    // THEN
    expect(compareDocument(objects, { kind: 'Service', metadata: { name: 'a', namespace: 'y' } })).toEqual([]);
    expect(compareDocument(objects, { kind: 'Service', metadata: { name: 'a' } }))
      .toEqual(['Service a: 2 objects of the output match (output: Service x/a, Service y/a)']);
  });
});

describe('README.md shows the real diagram and simulator output of examples/bookinfo', () => {
  const bookinfo = (() => {
    const app = Testing.app();
    buildBookinfoApp(app);
    return app.charts.flatMap(c => c.toJson());
  })();

  test('the bookinfo diagram is what MeshGraph draws for examples/bookinfo', () => {
    const after = README.split('<!-- bookinfo-diagram -->\n')[1];
    const block = /^```mermaid\n([\s\S]*?)```\n/.exec(after);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(`${MeshGraph.of(bookinfo).toMermaid().trimEnd()}\n`);
  });

  test('the route example prints what cdk8s-mesh route prints on examples/bookinfo', async () => {
    const command = 'cdk8s-mesh route --host productpage --from default/ratings-v1 dist/bookinfo';
    const after = README.split(`(\`${command}\`):\n`)[1];
    const block = /^\n```text\n([\s\S]*?)```\n/.exec(after);
    expect(block).not.toBeNull();
    let stdout = '';
    const code = await main(['route', '--host', 'productpage', '--from', 'default/ratings-v1', '-'], {
      stdout: s => { stdout += s; },
      stderr: () => undefined,
      readFile: () => { throw new Error('no files'); },
      readStdin: async () => bookinfo.map(o => YAML.stringify(o)).join('---\n'),
    });
    expect(code).toBe(0);
    expect(block![1]).toBe(stdout);
  });
});
