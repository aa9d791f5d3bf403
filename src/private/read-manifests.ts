/**
 * Reading multi-document Kubernetes YAML the way kubectl reads it, safely and document by
 * document:
 *
 * - the input is split into documents at `---` lines as it arrives, so a big file is never held
 *   whole (neither its text nor its YAML syntax tree): each document is parsed, turned into a
 *   plain object and dropped before the next one is read (manifests/document-splitter.ts);
 * - it must be UTF-8 text: invalid UTF-8 and control characters (binary data) are errors, never
 *   replaced or echoed (manifests/utf8-text.ts);
 * - aliases are expanded with the bound of Go's YAML decoders (go-yaml's `allowedAliasRatio`),
 *   so a small file cannot expand into gigabytes ("billion laughs"), and YAML 1.1 merge keys
 *   (`<<: *defaults`) are merged as go-yaml v2 (kubectl, sigs.k8s.io/yaml) merges them, instead
 *   of being read as a key named `<<` (manifests/plain-value.ts);
 * - every error names the source and the line: `app.yaml:12: …`.
 */
import * as YAML from 'yaml';
import { DocumentSplitter, Segment } from './manifests/document-splitter';
import { ManifestError } from './manifests/manifest-error';
import { NodeError, plainValue } from './manifests/plain-value';
import { decodeSegment } from './manifests/utf8-text';

export { ManifestError } from './manifests/manifest-error';

/** One YAML document of the input. */
export interface ManifestDocument {
  /** The document as a plain object (or whatever the document holds; null for an empty one). */
  readonly value: unknown;
  /** 1-based line of the document's content in the input. */
  readonly line: number;
  /** 1-based position of the document in the input. */
  readonly index: number;
}

/** Line (1-based, in the input) of an offset in a segment. */
function lineOf(lineCounter: YAML.LineCounter, segment: Segment, offset: number | undefined): number {
  if (offset === undefined) return segment.line;
  return segment.line + lineCounter.linePos(offset).line - 1;
}

/** The first line of a YAML error message, without the "at line X, column Y" the line prefix replaces. */
function yamlMessage(e: YAML.YAMLError): string {
  const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return message.includes('Maximum call stack size exceeded') ? 'the document is nested too deeply' : message;
}

/** Parses a segment into documents. */
function parseSegment(segment: Segment, source: string, counter: { index: number }): ManifestDocument[] {
  const text = decodeSegment(segment, source);
  const lineCounter = new YAML.LineCounter();
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, { lineCounter, prettyErrors: true }) as YAML.Document.Parsed[];
  } catch (e) {
    if (e instanceof RangeError) throw new ManifestError(`${source}:${segment.line}: invalid YAML: the document is nested too deeply`);
    throw e;
  }
  if (!Array.isArray(docs)) {
    // an empty stream parses into an EmptyStream
    return [];
  }
  const out: ManifestDocument[] = [];
  for (const doc of docs) {
    counter.index++;
    const error = doc.errors[0];
    if (error) {
      // an error found at the end of the input is about its last line
      const offset = Math.max(0, Math.min(error.pos[0], text.trimEnd().length - 1));
      throw new ManifestError(`${source}:${lineOf(lineCounter, segment, offset)}: invalid YAML: ${yamlMessage(error)}`);
    }
    const line = lineOf(lineCounter, segment, (doc.contents ?? doc).range?.[0]);
    let value: unknown;
    try {
      value = plainValue(doc);
    } catch (e) {
      if (e instanceof NodeError) {
        throw new ManifestError(`${source}:${e.node?.range ? lineOf(lineCounter, segment, e.node.range[0]) : line}: ${e.message}`);
      }
      if (e instanceof RangeError) throw new ManifestError(`${source}:${line}: invalid YAML: the document is nested too deeply`);
      throw e;
    }
    out.push({ value, line, index: counter.index });
  }
  return out;
}

/** Consecutive segments are parsed together up to about this size: fewer, larger parses are faster. */
const BATCH_BYTES = 256 * 1024;

/** Joins consecutive segments into batches of about BATCH_BYTES (they are contiguous input). */
class Batcher {
  private pending: Segment[] = [];
  private size = 0;

  public add(segment: Segment): Segment | undefined {
    this.pending.push(segment);
    this.size += segment.bytes.length;
    return this.size >= BATCH_BYTES ? this.take() : undefined;
  }

  public take(): Segment | undefined {
    if (this.pending.length === 0) return undefined;
    const batch = this.pending.length === 1 ? this.pending[0]
      : { bytes: Buffer.concat(this.pending.map(p => p.bytes)), line: this.pending[0].line };
    this.pending = [];
    this.size = 0;
    return batch;
  }
}

/**
 * Reads the documents of a YAML stream as it arrives; at most a few hundred kilobytes of it are
 * parsed at a time.
 *
 * @param source names the input in errors (`app.yaml`, `<stdin>`)
 * @throws ManifestError at the first document that cannot be read
 */
export async function* readDocuments(input: AsyncIterable<Uint8Array | string>, source: string): AsyncGenerator<ManifestDocument> {
  const splitter = new DocumentSplitter();
  const batcher = new Batcher();
  const counter = { index: 0 };
  for await (const chunk of input) {
    for (const segment of splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf-8') : chunk)) {
      const batch = batcher.add(segment);
      if (batch) yield* parseSegment(batch, source, counter);
    }
  }
  for (const segment of splitter.end()) {
    const batch = batcher.add(segment);
    if (batch) yield* parseSegment(batch, source, counter);
  }
  const rest = batcher.take();
  if (rest) yield* parseSegment(rest, source, counter);
}

/**
 * Reads the documents of a whole YAML text or file content.
 *
 * @throws ManifestError at the first document that cannot be read
 */
export function parseDocuments(input: Uint8Array | string, source: string): ManifestDocument[] {
  // the whole input is at hand: one parse
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf-8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return parseSegment({ bytes, line: 1 }, source, { index: 0 });
}

/**
 * What is wrong with a non-empty document of a manifest input that is not a Kubernetes object (a
 * mapping), or undefined when it is one.
 */
export function notAnObjectProblem(doc: ManifestDocument, source: string): string | undefined {
  const value = doc.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  return `${source}:${doc.line}: document ${doc.index} is not a Kubernetes object (a mapping with apiVersion and kind), got ${describeType(value)}`;
}

/** A short description of a value's type for messages: `a string`, `a list`, `null`. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object': return 'a mapping';
    case 'number': return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean': return 'a boolean';
    case 'string': return 'a string';
    default: return typeof value;
  }
}
