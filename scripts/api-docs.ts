/**
 * Writes API.md: jsii-docgen's TypeScript API reference in which every example of the doc comments
 * is followed by the same example in Python, Java and Go, as jsii-rosetta translated it.
 *
 * The examples are the ```ts blocks of the doc comments and their `@example`s (which docgen prints
 * as a ```typescript block under `*Example*`); the ```typescript blocks docgen writes itself (the
 * initializers' and methods' signatures) are left as they are. The translations are those of
 * jsii-rosetta's tablet, `.jsii.tabl.json`, which `jsii-rosetta extract --strict` writes after
 * compiling every example against rosetta/*.ts-fixture; an example the tablet has no translation
 * of is an error, never a TypeScript-only block.
 *
 *     npx jsii && npx jsii-rosetta extract --strict
 *     npx ts-node --transpile-only --project scripts/tsconfig.json scripts/api-docs.ts API.md
 *
 * (`npx projen docgen` runs both and writes API.md; `npm test` compares API.md with a fresh one.)
 */
import * as fs from 'fs';
import * as path from 'path';

/** One example in TypeScript (as API.md shows it) and in the other languages. */
export interface ExampleTranslations {
  /** The example's visible TypeScript (without the lines `/// !hide` hides). */
  readonly typescript: string;
  readonly python?: string;
  readonly java?: string;
  readonly go?: string;
}

/** The languages every example is shown in after the TypeScript, in this order. */
export const LANGUAGES = [
  { key: 'python', fence: 'python', label: 'Python' },
  { key: 'java', fence: 'java', label: 'Java' },
  { key: 'go', fence: 'go', label: 'Go' },
] as const;

/** The sentence under API.md's title. */
export const INTRODUCTION = 'Every example below is compiled from its TypeScript by jsii-rosetta (`jsii-rosetta extract --strict`, '
  + 'against rosetta/*.ts-fixture) and followed by jsii-rosetta\'s translation of it into Python, Java and Go. '
  + 'Only the TypeScript is compiled: the translations are a guide, not always code that compiles '
  + '(in Go, struct literals lack the `cdk8smesh.` prefix and lists are written `[]T{…}`, not `*[]*T{…}`; '
  + 'in Python, `from:` becomes `from=` where the binding has `from_=`). '
  + 'examples/python, examples/java and examples/go are apps that are built and run. '
  + 'The whole reference in each of those languages is written by `npx projen docgen:languages` '
  + '(API.python.md, API.java.md, API.go.md).';

/**
 * API.md from docgen's TypeScript reference: the introduction under the title, and after every example block
 * its translations. `translationsOf(code)` answers for a block's code: `undefined` when the code is no example
 * (docgen's own ```typescript blocks), else the example's translations.
 *
 * A ```ts block, or a ```typescript block under `*Example*`, is always an example: without every translation it
 * is an error that names the line of the block, the section it is in and its first line.
 */
export function withTranslations(markdown: string, translationsOf: (code: string) => ExampleTranslations | undefined): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let section = '(before the first section)';
  let introduced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const anchor = /^#+ .*\bid="([^"]+)"/.exec(line);
    if (anchor) section = anchor[1];
    const fence = /^( *)```(\w*)(.*)$/.exec(line);
    if (!fence) {
      out.push(line);
      if (!introduced && /^# /.test(line)) {
        out.push('', INTRODUCTION);
        introduced = true;
      }
      continue;
    }
    const [, indent, language] = fence;
    let end = i + 1;
    while (end < lines.length && lines[end] !== `${indent}\`\`\``) end++;
    if (end === lines.length) throw new Error(`jsii-docgen's reference, line ${i + 1}: the code block that starts here (in ${section}) is not closed`);
    const code = lines.slice(i + 1, end).map(l => l.slice(indent.length)).join('\n');
    const underExample = language === 'typescript' && lines[i - 1] === '' && lines[i - 2] === '*Example*';
    const translations = language === 'ts' || language === 'typescript' ? translationsOf(code) : undefined;
    const mustBeExample = language === 'ts' || underExample;
    if (translations === undefined && !mustBeExample) {
      out.push(...lines.slice(i, end + 1));
      i = end;
      continue;
    }
    const missing = LANGUAGES.filter(l => translations?.[l.key] === undefined).map(l => l.label);
    if (translations === undefined || missing.length > 0) {
      const firstLine = code.split('\n').find(l => l.trim() !== '') ?? '';
      throw new Error(`jsii-docgen's reference, line ${i + 1}: the example in ${section} ('${firstLine.trim()}') has no translation into ${missing.join(', ')} `
        + 'in jsii-rosetta\'s tablet .jsii.tabl.json: run npx jsii-rosetta extract --strict after compiling (npx jsii)');
    }
    const block = (fenceLanguage: string, source: string) => [`\`\`\`${fenceLanguage}`, ...source.split('\n'), '```'];
    out.push(...[
      ...block(language, translations.typescript),
      '',
      '<details><summary>Python, Java, Go</summary>',
      ...LANGUAGES.flatMap(l => ['', `${l.label}:`, '', ...block(l.fence, translations[l.key]!)]),
      '',
      '</details>',
    ].map(l => (l === '' ? l : indent + l)));
    i = end;
  }
  return out.join('\n');
}

/** jsii-docgen's TypeScript reference of the project (what `jsii-docgen -o API.md` writes). */
async function typescriptReference(root: string): Promise<string> {
  const { Documentation, Language } = await import('jsii-docgen');
  const docs = await Documentation.forProject(root);
  try {
    return (await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: true })).render();
  } finally {
    await docs.cleanup();
  }
}

/**
 * The lookup of `withTranslations` over the tablet's examples of the doc comments (not the README's): by their
 * visible TypeScript, as jsii-rosetta computes it from a block (fence parameters and `/// !hide` lines removed).
 */
export async function tabletLookup(tabletFile: string): Promise<(code: string) => ExampleTranslations | undefined> {
  const rosetta = await import('jsii-rosetta');
  if (!fs.existsSync(tabletFile)) throw new Error(`${tabletFile} does not exist: run npx jsii-rosetta extract --strict after compiling (npx jsii)`);
  const tablet = new rosetta.LanguageTablet();
  await tablet.load(tabletFile);
  const bySource = new Map<string, ExampleTranslations>();
  for (const snippet of tablet.translatedSnippets) {
    if (snippet.snippet.location?.api.api === 'moduleReadme') continue;
    const typescript = snippet.originalSource.source;
    const translations: ExampleTranslations = {
      typescript,
      python: snippet.get(rosetta.TargetLanguage.PYTHON)?.source,
      java: snippet.get(rosetta.TargetLanguage.JAVA)?.source,
      go: snippet.get(rosetta.TargetLanguage.GO)?.source,
    };
    const known = bySource.get(typescript);
    if (known && LANGUAGES.some(l => known[l.key] !== translations[l.key])) {
      // the same code in two places with different fixtures: a block alone cannot tell which is which
      throw new Error(`two examples of the doc comments have the same code ('${typescript.split('\n')[0]}') and different translations: `
        + 'make their code differ');
    }
    bySource.set(typescript, translations);
  }
  return code => {
    const visible = rosetta.typeScriptSnippetFromCompleteSource(code, { api: { api: 'file', fileName: 'API.md' } }, true).visibleSource;
    return bySource.get(visible);
  };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: api-docs.ts OUT (e.g. API.md)');
  const root = path.join(__dirname, '..');
  const [markdown, lookup] = await Promise.all([typescriptReference(root), tabletLookup(path.join(root, '.jsii.tabl.json'))]);
  const result = withTranslations(markdown, lookup);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, result);
}

if (require.main === module) {
  main().catch(e => {
    console.error(`api-docs: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}
