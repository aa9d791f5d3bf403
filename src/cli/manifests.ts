/**
 * Reading and printing multi-document Kubernetes YAML the way kubectl and istioctl do.
 */
import * as YAML from 'yaml';
import type { ResolvedCliIO } from './command';

/** A manifest that could not be read; the CLI prints it and exits with 1. */
export class InputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads a manifest file, or standard input for `-`.
 *
 * @throws InputError when it cannot be read
 */
export async function readInput(file: string, io: ResolvedCliIO): Promise<string> {
  try {
    return file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new InputError(`cannot read ${file === '-' ? 'standard input' : `'${file}'`}: ${reason}`);
  }
}

/**
 * Parses a multi-document YAML stream into objects; empty documents are dropped.
 *
 * @param source names the input in error messages
 * @throws InputError on invalid YAML or a document that is not an object
 */
export function parseManifests(text: string, source: string): any[] {
  const objects: any[] = [];
  YAML.parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      throw new InputError(`${source}: document ${i + 1} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value = doc.toJSON();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(`${source}: document ${i + 1} is not a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    objects.push(value);
  });
  return objects;
}

/** A copy with the keys of every mapping sorted, as Go's encoders write Kubernetes objects. */
export function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys(value[k])]));
}

/** Whether a YAML 1.1 reader (Go's yaml.v2, kubectl) would read the plain string as something else. */
function ambiguous(s: string): boolean {
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

