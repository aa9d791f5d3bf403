import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cyclicEdges, importGraph, moduleReferences, resolve, sourceFiles } from '../../lint/module-graph';

describe('moduleReferences', () => {
  test('every form of import and re-export is a reference, in source order, with the statement that holds it', () => {
    // GIVEN
    const text = [
      "import { a } from './a';", // 1
      "import type { B } from './b';",
      "import './side-effect';",
      "export * from './c';",
      "export * as d from './d';", // 5
      "export type { E } from './e';",
      "export { f } from './f';",
      "import g = require('./g');",
      "const h = require('./h');",
      "const i = import('./i');", // 10
      "type J = import('./j').J;",
      "declare module './k' { interface K { k: string } }",
      'export const all = [a, g, h, i] as unknown as B | J;',
    ].join('\n');
    // WHEN
    const refs = moduleReferences('x.ts', text);
    // THEN
    expect(refs.map(r => r.specifier)).toEqual(['./a', './b', './side-effect', './c', './d', './e', './f', './g', './h', './i', './j', './k']);
    expect(refs.map(r => text.slice(r.start, r.end))).toEqual([
      "import { a } from './a';",
      "import type { B } from './b';",
      "import './side-effect';",
      "export * from './c';",
      "export * as d from './d';",
      "export type { E } from './e';",
      "export { f } from './f';",
      "import g = require('./g');",
      "require('./h')",
      "import('./i')",
      "import('./j').J",
      "declare module './k' { interface K { k: string } }",
    ]);
  });

  test.each([
    ['import { q } from "./q";', './q'],
    ['const r = require(`../r`);', '../r'],
    ["export * from '.';", '.'],
    ['export * from "..";', '..'],
  ])('%s, quoted any way, is a reference', (text, specifier) => {
    expect(moduleReferences('x.ts', text).map(r => r.specifier)).toEqual([specifier]);
  });

  test('imports in comments and strings, and exports without a module, are not references', () => {
    // GIVEN
    const text = [
      "// import { a } from './a';",
      "/* export * from './b'; */",
      "const s = \"import c from './c'\";",
      "const t = `require('./d')`;",
      'const e = 1;',
      'export { e };',
      'export default s + t;',
    ].join('\n');
    // THEN
    expect(moduleReferences('x.ts', text)).toEqual([]);
  });
});

describe('resolve', () => {
  const files = new Set(['/r/index.ts', '/r/a.ts', '/r/b.tsx', '/r/dir/index.ts', '/r/sub/c.ts', '/r/x.d.ts']);

  test.each([
    ['/r/sub/c.ts', '../a', '/r/a.ts'],
    ['/r/a.ts', './b', '/r/b.tsx'],
    ['/r/a.ts', './dir', '/r/dir/index.ts'],
    ['/r/a.ts', './dir/index', '/r/dir/index.ts'],
    ['/r/a.ts', './sub/c.js', '/r/sub/c.ts'],
    ['/r/a.ts', './a.ts', '/r/a.ts'],
    ['/r/dir/index.ts', '..', '/r/index.ts'],
    ['/r/sub/c.ts', '.', undefined],
    ['/r/a.ts', 'yaml', undefined],
    ['/r/a.ts', './missing', undefined],
    ['/r/a.ts', './x', undefined],
    ['/r/a.ts', '../outside', undefined],
  ])('from %s, %p is %p', (from, specifier, expected) => {
    expect(resolve(from, specifier, files)).toBe(expected);
  });
});

describe('importGraph', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-graph-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('source files are the .ts files under the root, declarations and node_modules aside', () => {
    // GIVEN
    for (const f of ['a.ts', 'b.tsx', 'c.d.ts', 'd.js', 'sub/e.ts', 'node_modules/p/index.ts']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    // THEN
    expect(sourceFiles(dir)).toEqual(['a.ts', 'b.tsx', 'sub/e.ts'].map(f => path.join(dir, f)));
  });

  test('a file changed on disk is read again: a cycle made and undone between two lint passes is seen each time', () => {
    // GIVEN
    const a = path.join(dir, 'a.ts');
    const b = path.join(dir, 'b.ts');
    const c = path.join(dir, 'c.ts');
    fs.writeFileSync(a, "import { b } from './b';\nexport const a = b;\n");
    fs.writeFileSync(b, 'export const b = 1;\n');
    fs.writeFileSync(c, 'export const c = 2;\n');
    const cycleOfA = () => cyclicEdges(importGraph(dir, a, fs.readFileSync(a, 'utf-8')), a).map(e => e.cycle);
    // WHEN
    const before = cycleOfA();
    fs.writeFileSync(b, "import { a } from './a';\nexport const b = () => a;\n");
    const made = cycleOfA();
    fs.writeFileSync(b, "import { c } from './c';\nexport const b = c;\n");
    const undone = cycleOfA();
    // THEN
    expect(before).toEqual([]);
    expect(made).toEqual([[a, b, a]]);
    expect(undone).toEqual([]);
  });

  test('the linted file may not be on disk yet', () => {
    // GIVEN
    const a = path.join(dir, 'a.ts');
    fs.writeFileSync(a, "import { n } from './new';\nexport const a = n;\n");
    const created = path.join(dir, 'new.ts');
    // WHEN
    const graph = importGraph(dir, created, "import { a } from './a';\nexport const n = () => a;\n");
    // THEN
    expect(cyclicEdges(graph, created).map(e => e.cycle)).toEqual([[created, a, created]]);
  });
});
