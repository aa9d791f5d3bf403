/**
 * Type-checks the TypeScript examples of the documentation:
 *
 * - as jsii-rosetta compiles them: every ```ts block and `@example` of a doc comment under src/
 *   (not src/imports/) and every ```ts block of README.md, placed at the `/// here` line of
 *   rosetta/default.ts-fixture (or the fixture its fence names with `fixture=NAME`; none with
 *   `nofixture`), its imports hoisted above the fixture as jsii-rosetta hoists them;
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
import { fences, programOf, readmeExamples } from '../test/util/readme-examples';

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

interface Example {
  /** The 1-based line of the example's first code line. */
  readonly line: number;
  readonly code: string;
  /** jsii-rosetta's parameters from the fence (`nofixture`, `fixture=NAME`). */
  readonly params: string[];
}

/** The ```ts blocks and `@example`s of a file's doc comments. */
function docExamples(file: string): Example[] {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const result: Example[] = [];
  const text = (l: string) => l.replace(/^\s*\* ?/, '');
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*\/\*\*/.test(line)) inComment = true;
    const fence = inComment ? /^\s*\*\s?```(?:ts|typescript)((?:[ \t]+[^\s`]+)*)\s*$/.exec(line) : null;
    if (fence) {
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !/^\s*\*\s?```\s*$/.test(lines[j]); j++) code.push(text(lines[j]));
      result.push({ line: i + 2, code: code.join('\n'), params: fence[1].trim().split(/\s+/).filter(w => w !== '') });
      i = j;
      continue;
    }
    if (inComment && /^\s*\*\s*@example\b/.test(line)) {
      // an @example runs to the next tag or the end of the comment
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !/^\s*\*\s*@\w/.test(lines[j]) && !lines[j].includes('*/'); j++) code.push(text(lines[j]));
      result.push({ line: i + 2, code: code.join('\n').trim(), params: [] });
      i = j - 1;
      continue;
    }
    if (line.includes('*/')) inComment = false;
  }
  return result;
}

/** The import statements of a snippet, and the rest (jsii-rosetta hoists the imports above the fixture). */
function sidelineImports(code: string): { imports: string; statements: string } {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true);
  let imports = '';
  let statements = '';
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) imports += statement.getFullText(file);
    else statements += statement.getFullText(file);
  }
  return { imports, statements };
}

/** The program jsii-rosetta compiles for an example, and the line of it where the example starts. */
function inFixture(example: Example): { program: string; firstLine: number } {
  if (example.params.includes('nofixture')) return { program: example.code, firstLine: 1 };
  const name = example.params.find(p => p.startsWith('fixture='))?.slice('fixture='.length) ?? 'default';
  const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', `${name}.ts-fixture`), 'utf-8').split('\n');
  const here = fixture.findIndex(l => /^\s*\/{3}\s*here\s*$/.test(l));
  if (here < 0) throw new Error(`rosetta/${name}.ts-fixture has no '/// here' line`);
  const { imports, statements } = sidelineImports(example.code);
  // keep the example's lines where they are: the hoisted imports become blank lines
  const body = imports === '' ? example.code : example.code.split('\n').map(l => (statements.includes(l) ? l : '')).join('\n');
  const program = [imports, ...fixture.slice(0, here), body, ...fixture.slice(here + 1)].join('\n');
  return { program, firstLine: imports.split('\n').length + here + 1 };
}

function snippets(): Snippet[] {
  const fromDocs = sourceFiles(path.join(ROOT, 'src')).flatMap(file => docExamples(file).map(example => ({
    origin: `${path.relative(ROOT, file)}:${example.line}`,
    ...inFixture(example),
  })));
  const markdown = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const asRosetta = fences(markdown).filter(f => f.lang === 'ts' || f.lang === 'typescript').map(f => ({
    origin: `README.md:${f.start + 2} (as jsii-rosetta compiles it)`,
    ...inFixture({ line: f.start + 2, code: f.body, params: f.params }),
  }));
  const readme = readmeExamples(markdown);
  const asPrograms = readme.examples.map(e => {
    const program = programOf(readme, e);
    return { origin: `README.md:${e.codeLine}`, program, firstLine: program.split('\n').indexOf(e.code.split('\n')[0]) + 1 };
  });
  return [...fromDocs, ...asRosetta, ...asPrograms];
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
    paths: { 'cdk8s-mesh': ['src/index.ts'], 'cdk8s-mesh/lib/*': ['src/*'] },
  });
  const problems = ts.getPreEmitDiagnostics(program).map(d => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const index = d.file ? files.indexOf(path.resolve(d.file.fileName)) : -1;
    if (index < 0 || d.start === undefined) return `${d.file?.fileName ?? '?'}: ${message}`;
    const line = d.file!.getLineAndCharacterOfPosition(d.start).line + 1;
    const snippet = all[index];
    const offset = line - snippet.firstLine;
    const where = offset >= 0 && offset < snippet.program.split('\n').length
      ? snippet.origin.replace(/:(\d+)/, (_, l) => `:${Number(l) + offset}`)
      : `${snippet.origin} (its context, line ${line})`;
    return `${where}: ${message}`;
  });
  for (const p of problems) console.error(p);
  const count = (f: (s: Snippet) => boolean) => all.filter(f).length;
  console.log(`${count(s => s.origin.startsWith('src/'))} examples in doc comments, ${count(s => s.origin.includes('jsii-rosetta'))} README.md blocks `
    + `as jsii-rosetta compiles them, ${count(s => s.origin.startsWith('README') && !s.origin.includes('jsii-rosetta'))} README.md examples as programs: `
    + `${problems.length} problems`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
