/**
 * Type-checks the TypeScript examples of the documentation, as jsii-rosetta compiles them:
 *
 * - every ```ts block in a doc comment under src/ (not src/imports/), placed at the `/// here`
 *   line of rosetta/default.ts-fixture (the context jsii-rosetta gives each example);
 * - every README.md example marked for test/readme.test.ts, as the program that test runs.
 *
 * `cdk8s-mesh` resolves to src/index.ts. Prints each problem with the file and line of the
 * example, and exits with 1 when there is one.
 *
 *     npx ts-node --transpile-only --project scripts/tsconfig.json scripts/check-doc-examples.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { programOf, readmeExamples } from '../test/util/readme-examples';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, '.tmp', 'doc-examples');

interface Snippet {
  /** Where the example is written, e.g. `src/mesh.ts:42`. */
  readonly origin: string;
  /** The whole program to compile. */
  readonly program: string;
  /** The line of the program where the example's first line is. */
  readonly firstLine: number;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The ```ts blocks of a file's doc comments, with the line of their first code line. */
function docExamples(file: string): Array<{ line: number; code: string }> {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const result: Array<{ line: number; code: string }> = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*\/\*\*/.test(line)) inComment = true;
    if (inComment && /^\s*\*\s?```ts\s*$/.test(line)) {
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !/^\s*\*\s?```\s*$/.test(lines[j]); j++) code.push(lines[j].replace(/^\s*\* ?/, ''));
      result.push({ line: i + 2, code: code.join('\n') });
      i = j;
      continue;
    }
    if (line.includes('*/')) inComment = false;
  }
  return result;
}

function snippets(): Snippet[] {
  const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'default.ts-fixture'), 'utf-8');
  const here = fixture.split('\n').findIndex(l => l.trim() === '/// here');
  if (here < 0) throw new Error('rosetta/default.ts-fixture has no `/// here` line');
  const fromDocs = sourceFiles(path.join(ROOT, 'src')).flatMap(file => docExamples(file).map(({ line, code }) => ({
    origin: `${path.relative(ROOT, file)}:${line}`,
    program: fixture.split('\n').map((l, i) => (i === here ? code : l)).join('\n'),
    firstLine: here + 1,
  })));
  const readme = readmeExamples(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8'));
  const fromReadme = readme.examples.map(e => {
    const program = programOf(readme, e);
    return { origin: `README.md:${e.codeLine}`, program, firstLine: program.split('\n').indexOf(e.code.split('\n')[0]) + 1 };
  });
  return [...fromDocs, ...fromReadme];
}

function main(): number {
  const all = snippets();
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const files = all.map((s, i) => {
    const file = path.join(OUT, `example-${i}.ts`);
    fs.writeFileSync(file, s.program);
    return file;
  });
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  const program = ts.createProgram(files, {
    ...options,
    noEmit: true,
    rootDir: undefined,
    outDir: undefined,
    declaration: false,
    noUnusedLocals: false, // the fixture declares more than one example uses
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    baseUrl: ROOT,
    paths: { 'cdk8s-mesh': ['src/index.ts'] },
  });
  const problems = ts.getPreEmitDiagnostics(program).map(d => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const index = d.file ? files.indexOf(path.resolve(d.file.fileName)) : -1;
    if (index < 0 || d.start === undefined) return `${d.file?.fileName ?? '?'}: ${message}`;
    const line = d.file!.getLineAndCharacterOfPosition(d.start).line + 1;
    const snippet = all[index];
    const offset = line - snippet.firstLine;
    const where = offset >= 0 && offset < snippet.program.split('\n').length ? snippet.origin.replace(/:(\d+)$/, (_, l) => `:${Number(l) + offset}`) : `${snippet.origin} (its context, line ${line})`;
    return `${where}: ${message}`;
  });
  for (const p of problems) console.error(p);
  console.log(`${all.length} examples (${all.filter(s => s.origin.startsWith('src/')).length} in doc comments, ${all.filter(s => s.origin.startsWith('README')).length} in README.md): ${problems.length} problems`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
