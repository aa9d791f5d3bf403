/**
 * Reading and printing multi-document Kubernetes YAML the way kubectl and istioctl do.
 */
import * as YAML from 'yaml';
import { UsageError } from './args';
import type { ResolvedCliIO } from './command';
import { flatten, resourceOf } from '../analysis/objects';
import { isDirectory, manifestFilesOf, noManifestFilesProblem } from '../private/manifest-files';
import { notAnObjectProblem, readDocuments } from '../private/read-manifests';
import { schemaProblems } from '../private/schema';

/** A manifest that could not be read; the CLI prints it and exits with 1. */
export class InputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** How the CLI names an input in messages. */
export function sourceName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** One object of the input and where it is. */
export interface Manifest {
  readonly object: { [key: string]: any };
  /** 1-based line of the object in its input */
  readonly line: number;
}

/**
 * Reads the objects of a manifest file (or standard input for `-`) one document at a time;
 * empty documents are skipped.
 *
 * @throws InputError when the input cannot be read, is not UTF-8 YAML, or a document is not an object
 */
export async function* readManifests(file: string, io: ResolvedCliIO): AsyncGenerator<Manifest> {
  const source = sourceName(file);
  for await (const doc of readDocuments(io.open(file), source)) {
    const value = doc.value;
    if (value === null || value === undefined) continue;
    const problem = notAnObjectProblem(doc, source);
    if (problem !== undefined) throw new InputError(problem);
    yield { object: value as { [key: string]: any }, line: doc.line };
  }
}

/** The objects of every file, in order: only the plain objects are held, never a file's text or syntax tree. */
export async function readAllManifests(files: readonly string[], io: ResolvedCliIO): Promise<any[]> {
  const objects: any[] = [];
  for (const file of files) {
    for await (const { object } of readManifests(file, io)) objects.push(object);
  }
  return objects;
}

/**
 * The FILE|DIR arguments as files, each directory replaced by its manifest files (as `kubectl
 * apply -f DIR` takes them).
 *
 * @throws UsageError when there is none, or standard input is named twice
 * @throws InputError when a directory holds no manifest file
 */
export function manifestFileArgs(positionals: readonly string[]): string[] {
  if (positionals.length === 0) throw new UsageError('at least one FILE or DIR is required');
  if (positionals.filter(f => f === '-').length > 1) throw new UsageError("standard input ('-') can be read only once");
  return positionals.flatMap(file => {
    if (file === '-' || !isDirectory(file)) return [file];
    const files = manifestFilesOf(file);
    if (files.length === 0) throw new InputError(noManifestFilesProblem(file));
    return files;
  });
}

/**
 * The objects of every file, when every Istio object among them has its kind's structure: the API
 * server would refuse a broken one, so what a command tells of it would be a guess.
 *
 * @param cannot what the command cannot do with broken objects, e.g. `the route cannot be told` (`… with this object: fix it`)
 * @throws InputError naming each broken object
 */
export async function readWellFormedManifests(files: readonly string[], io: ResolvedCliIO, cannot: string): Promise<any[]> {
  const objects = await readAllManifests(files, io);
  const problems = flatten(objects).flatMap(o => schemaProblems(o).map(p => `${resourceOf(o)}: ${p.message}`));
  if (problems.length > 0) {
    const one = problems.length === 1;
    throw new InputError([...problems,
      `${cannot} with ${one ? 'this object' : 'these objects'}: fix ${one ? 'it' : 'them'} (istioctl analyze or 'cdk8s-mesh analyze' says more)`].join('\n'));
  }
  return objects;
}

/** Plain strings that no YAML 1.1 reader takes for anything else (the booleans and nulls aside). */
const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);
const ambiguity = new Map<string, boolean>();

/** Whether a YAML 1.1 reader (Go's yaml.v2, kubectl) would read the plain string as something else. */
function ambiguous(s: string): boolean {
  if (PLAIN.test(s)) return WORDS.has(s);
  let known = ambiguity.get(s);
  if (known === undefined) {
    known = readsAsNonString(s);
    if (ambiguity.size >= 10_000) ambiguity.clear();
    ambiguity.set(s, known);
  }
  return known;
}

function readsAsNonString(s: string): boolean {
  if (s === '') return true;
  try {
    const v: unknown = YAML.parse(s, { schema: 'yaml-1.1' });
    return v === null || ['number', 'boolean', 'bigint'].includes(typeof v) || v instanceof Date;
  } catch {
    return false;
  }
}

/**
 * One document as Go's YAML encoder writes it: 2-space indentation, lists not indented under
 * their key, no line folding, strings that read as numbers/booleans/null in double quotes and
 * other strings that need quoting in single quotes.
 */
export function printManifest(obj: any): string {
  const doc = new YAML.Document(obj);
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && ambiguous(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true });
}
