/**
 * The examples of README.md whose output is shown, as test/readme.test.ts runs them.
 *
 * A README example is an HTML comment followed by two fenced blocks:
 *
 *     <!-- example: NAME -->   (or `NAME standalone`, `NAME continues OTHER`, `NAME fails`)
 *     ```ts
 *     …code…
 *     ```
 *     …any prose…
 *     ```yaml
 *     …what it produces…
 *     ```
 *
 * The first ```ts block after the marker is the code, the first ```yaml block after that is its
 * output; both must come before the next marker. The code of an example that is not `standalone`
 * runs after the README's prelude (the ```ts block after `<!-- example-prelude -->`), followed by
 * `app.synth();`. A standalone example is a whole program. `continues OTHER` runs OTHER's code
 * (and what OTHER continues) first, so a section can build one mesh over several blocks; a chain
 * that starts with a standalone example runs without the prelude, with `app.synth();` appended
 * unless its code calls it. An example without a ```yaml block is a step that another example
 * continues.
 *
 * A `fails` example shows, instead of YAML, a ```text block: the whole message of the error its
 * program throws.
 *
 * The YAML block is compared with the synthesized objects as "the real output, abridged":
 * - every document names an object by `kind` and `metadata.name` (and `apiVersion` and
 *   `metadata.namespace` when it gives them); exactly one synthesized object must have them;
 * - a map shows some of the object's keys: each key shown must exist with a value that compares;
 *   keys left out are not compared;
 * - a list is shown whole: same length, elements compared in order;
 * - scalars are equal (`9080` and `"9080"` differ).
 */

/** One README example. */
export interface ReadmeExample {
  readonly name: string;
  /** The 1-based README line of the marker. */
  readonly line: number;
  readonly standalone: boolean;
  /** The example whose code runs first. */
  readonly continues?: string;
  readonly code: string;
  /** The 1-based README line where the code block starts. */
  readonly codeLine: number;
  /** What it produces; undefined for a step that another example continues, or one that fails. */
  readonly yaml?: string;
  /** For a `fails` example: the message of the error it throws. */
  readonly error?: string;
}

/** The README's examples and the prelude. */
export interface ReadmeExamples {
  readonly prelude: string;
  readonly examples: ReadmeExample[];
}

const MARKER = /^<!-- example: ([a-z0-9-]+)( standalone)?(?: continues ([a-z0-9-]+))?( fails)? -->$/;
const PRELUDE = '<!-- example-prelude -->';

/** A fenced code block of the README. */
export interface Fence {
  readonly lang: string;
  /** The words after the language, e.g. jsii-rosetta's `nofixture` or `fixture=NAME`. */
  readonly params: string[];
  /** The 0-based index of the opening fence line. */
  readonly start: number;
  readonly body: string;
}

/** The README's fenced code blocks. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const result: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```([a-z]*)((?:[ \t]+[^\s`]+)*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(indent));
    if (j === lines.length) throw new Error(`README.md:${i + 1}: the code block opened here is never closed`);
    result.push({ lang: open[2], params: open[3].trim().split(/\s+/).filter(w => w !== ''), start: i, body: body.join('\n') });
    i = j;
  }
  return result;
}

/** Reads the examples from the README's text. */
export function readmeExamples(markdown: string): ReadmeExamples {
  const lines = markdown.split('\n');
  const blocks = fences(markdown);
  const markers = lines.flatMap((l, i) => (MARKER.test(l.trim()) || l.trim() === PRELUDE ? [i] : []));
  const after = (i: number, lang: string, before: number) => blocks.find(b => b.start > i && b.start < before && b.lang === lang);
  let prelude: string | undefined;
  const examples: ReadmeExample[] = [];
  markers.forEach((m, k) => {
    const next = markers[k + 1] ?? lines.length;
    const code = after(m, 'ts', next);
    if (!code) throw new Error(`README.md:${m + 1}: no \`\`\`ts block follows the marker`);
    if (lines[m].trim() === PRELUDE) {
      if (prelude !== undefined) throw new Error(`README.md:${m + 1}: a second example prelude`);
      prelude = code.body;
      return;
    }
    const [, name, standalone, continues, fails] = MARKER.exec(lines[m].trim())!;
    const yaml = after(code.start, 'yaml', next);
    if (examples.some(e => e.name === name)) throw new Error(`README.md:${m + 1}: a second example named '${name}'`);
    if (continues !== undefined && !examples.some(e => e.name === continues)) {
      throw new Error(`README.md:${m + 1}: example '${name}' continues '${continues}', which is not an example before it`);
    }
    if (standalone !== undefined && continues !== undefined) throw new Error(`README.md:${m + 1}: a standalone example continues no other`);
    const common = { name, line: m + 1, standalone: standalone !== undefined, continues, code: code.body, codeLine: code.start + 2 };
    if (fails !== undefined) {
      const text = after(code.start, 'text', next);
      if (!text) throw new Error(`README.md:${m + 1}: example '${name}' fails, but no \`\`\`text block with the error follows its code`);
      examples.push({ ...common, error: text.body.trim() });
      return;
    }
    examples.push({ ...common, yaml: yaml?.body });
  });
  for (const e of examples) {
    if (e.yaml === undefined && e.error === undefined && !examples.some(o => o.continues === e.name)) {
      throw new Error(`README.md:${e.line}: example '${e.name}' shows no output (no \`\`\`yaml block) and no example continues it`);
    }
  }
  if (prelude === undefined && examples.some(e => !e.standalone)) throw new Error(`README.md has examples but no ${PRELUDE}`);
  return { prelude: prelude ?? '', examples };
}

/** The example's code after the code of the examples it continues. */
function codeOf(examples: ReadmeExamples, example: ReadmeExample): string {
  const before = examples.examples.find(e => e.name === example.continues);
  return before ? `${codeOf(examples, before)}\n${example.code}` : example.code;
}

/** The first example of the chain an example continues. */
function rootOf(examples: ReadmeExamples, example: ReadmeExample): ReadmeExample {
  const before = examples.examples.find(e => e.name === example.continues);
  return before ? rootOf(examples, before) : example;
}

/**
 * The program an example runs (TypeScript): a standalone example's code, followed by the code of
 * the examples that continue it and `app.synth();` unless it has that already; or the prelude,
 * the example's code after what it continues, and `app.synth();`.
 */
export function programOf(examples: ReadmeExamples, example: ReadmeExample): string {
  const code = codeOf(examples, example);
  if (!rootOf(examples, example).standalone) return `${examples.prelude}\n${code}\napp.synth();\n`;
  return /\bapp\.synth\(\)/.test(code) ? code : `${code}\napp.synth();\n`;
}

function isMap(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v);
}

/**
 * Where `shown` differs from `actual` (see the file comment for what "shown" means); empty when
 * it is a faithful abridgement.
 */
export function differences(actual: unknown, shown: unknown, path = ''): string[] {
  if (isMap(shown)) {
    if (!isMap(actual)) return [`${path || '.'}: shown as a map, but the output has ${show(actual)}`];
    return Object.keys(shown).flatMap(key => (key in actual
      ? differences(actual[key], shown[key], `${path}.${key}`)
      : [`${path}.${key}: shown as ${show(shown[key])}, but the output has no such key (keys: ${Object.keys(actual).join(', ')})`]));
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return [`${path}: shown as a list, but the output has ${show(actual)}`];
    if (actual.length !== shown.length) return [`${path}: shown with ${shown.length} entries, but the output has ${actual.length}: ${show(actual)}`];
    return shown.flatMap((s, i) => differences(actual[i], s, `${path}[${i}]`));
  }
  return actual === shown ? [] : [`${path}: shown as ${show(shown)}, but the output has ${show(actual)}`];
}

/** The object a shown document stands for, and where the shown document differs from it. */
export function compareDocument(objects: any[], shown: any): string[] {
  const kind = shown?.kind;
  const name = shown?.metadata?.name;
  if (typeof kind !== 'string' || typeof name !== 'string') return [`a shown document without 'kind' and 'metadata.name': ${show(shown)}`];
  const namespace = shown.metadata.namespace;
  const candidates = objects.filter(o => o?.kind === kind && o?.metadata?.name === name
    && (namespace === undefined || o.metadata.namespace === namespace)
    && (shown.apiVersion === undefined || o.apiVersion === shown.apiVersion));
  const label = `${kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
  if (candidates.length !== 1) {
    const all = objects.map(o => `${o?.kind} ${o?.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o?.metadata?.name}`);
    return [`${label}: ${candidates.length} objects of the output match (output: ${all.join(', ')})`];
  }
  return differences(candidates[0], shown).map(d => `${label}: ${d}`);
}
