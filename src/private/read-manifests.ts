/**
 * Reading multi-document Kubernetes YAML the way kubectl reads it, safely and document by
 * document:
 *
 * - the input is split into documents at `---` lines as it arrives, so a big file is never held
 *   whole (neither its text nor its YAML syntax tree): each document is parsed, turned into a
 *   plain object and dropped before the next one is read;
 * - it must be UTF-8 text: invalid UTF-8 and control characters (binary data) are errors, never
 *   replaced or echoed;
 * - aliases are expanded with the bound of Go's YAML decoders (go-yaml's `allowedAliasRatio`),
 *   so a small file cannot expand into gigabytes ("billion laughs");
 * - YAML 1.1 merge keys (`<<: *defaults`) are merged as go-yaml v2 (kubectl, sigs.k8s.io/yaml)
 *   merges them, instead of being read as a key named `<<`;
 * - every error names the source and the line: `app.yaml:12: …`.
 */
import * as YAML from 'yaml';

/** A manifest that cannot be read; its message starts with `SOURCE:LINE: ` where a line is known. */
export class ManifestError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** One YAML document of the input. */
export interface ManifestDocument {
  /** The document as a plain object (or whatever the document holds; null for an empty one). */
  readonly value: unknown;
  /** 1-based line of the document's content in the input. */
  readonly line: number;
  /** 1-based position of the document in the input. */
  readonly index: number;
}

/** A run of input lines holding one or more YAML documents. */
interface Segment {
  readonly bytes: Buffer;
  /** 1-based line of the segment's first byte. */
  readonly line: number;
}

const NEWLINE = 0x0a;
const DASH = 0x2d;

/**
 * Cuts a byte stream into segments at document markers (`---` at the start of a line, followed by
 * a space, a tab, the end of the line or the end of the input). Only the current segment is held.
 *
 * A segment that holds nothing but comments, blank lines and directives (`%YAML 1.1`) is not cut
 * off: it belongs to the document its `---` starts.
 */
export class DocumentSplitter {
  private pieces: Buffer[] = [];
  /** up to 3 bytes at the start of a line, whose marker status is not known yet */
  private tail: Buffer | undefined;
  private atLineStart = true;
  private line = 1;
  private segmentLine = 1;
  private segmentHasContent = false;

  /** Adds input; returns the segments it completes. */
  public push(input: Uint8Array): Segment[] {
    let chunk = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (this.tail) {
      chunk = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    }
    const out: Segment[] = [];
    let segmentStart = 0;
    let pos = 0;
    if (!this.atLineStart) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.pieces.push(chunk);
        return out;
      }
      this.line++;
      pos = nl + 1;
    }
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0 && chunk.length - pos < 4) {
        // too short to tell whether this line is a marker: keep it for the next chunk
        this.pieces.push(chunk.subarray(segmentStart, pos));
        this.tail = Buffer.from(chunk.subarray(pos));
        this.atLineStart = true;
        return out;
      }
      const first = chunk[pos];
      if (isMarker(chunk, pos, false)) {
        if (this.segmentHasContent) {
          this.pieces.push(chunk.subarray(segmentStart, pos));
          out.push(this.take());
          segmentStart = pos;
          this.segmentLine = this.line;
        }
        this.segmentHasContent = true;
      } else if (first !== 0x23 /* # */ && first !== 0x25 /* % */ && first !== NEWLINE && first !== 0x0d) {
        this.segmentHasContent = true;
      }
      if (nl < 0) {
        this.pieces.push(chunk.subarray(segmentStart));
        this.atLineStart = false;
        return out;
      }
      this.line++;
      pos = nl + 1;
    }
    this.pieces.push(chunk.subarray(segmentStart));
    this.atLineStart = true;
    return out;
  }

  /** Ends the input; returns the last segment, if any. */
  public end(): Segment[] {
    if (this.tail) {
      const tail = this.tail;
      this.tail = undefined;
      if (isMarker(tail, 0, true) && this.segmentHasContent) {
        const out = [this.take()];
        this.segmentLine = this.line;
        this.pieces.push(tail);
        return [...out, this.take()];
      }
      this.pieces.push(tail);
    }
    const last = this.take();
    return last.bytes.length > 0 ? [last] : [];
  }

  private take(): Segment {
    const bytes = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
    this.pieces = [];
    const segment = { bytes, line: this.segmentLine };
    this.segmentHasContent = false;
    return segment;
  }
}

/** Whether a document marker (`---` and then a space, a tab, a line end, or the input's end) starts at `pos`. */
function isMarker(b: Buffer, pos: number, atEnd: boolean): boolean {
  if (b[pos] !== DASH || b[pos + 1] !== DASH || b[pos + 2] !== DASH) return false;
  if (pos + 3 >= b.length) return atEnd;
  const next = b[pos + 3];
  return next === 0x20 || next === 0x09 || next === NEWLINE || next === 0x0d;
}

/** Control characters YAML does not allow in a stream (C0 other than tab/LF/CR, DEL, C1 other than NEL). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;

/** Decodes a segment as UTF-8 text, refusing invalid UTF-8 and control characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeSegment(segment: Segment, source: string): string {
  let text: string;
  try {
    text = UTF8.decode(segment.bytes);
  } catch {
    const offset = invalidUtf8Offset(segment.bytes);
    const { line, column } = position(segment.bytes, offset);
    throw new ManifestError(`${source}:${segment.line + line - 1}: not UTF-8 text: invalid byte 0x${hex(segment.bytes[offset])} at column ${column}`);
  }
  const control = CONTROL.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = segment.line + countLines(before);
    const column = control.index - before.lastIndexOf('\n');
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ManifestError(`${source}:${line}: not text: control character U+${code} at column ${column} (binary data?)`);
  }
  return text;
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** 1-based line and byte column of `offset`. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < offset; i = bytes.indexOf(NEWLINE, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (the Unicode
 * table of well-formed byte sequences: no overlong forms, no surrogates, nothing past U+10FFFF).
 */
export function invalidUtf8Offset(b: Uint8Array): number {
  const within = (v: number | undefined, lo: number, hi: number) => v !== undefined && v >= lo && v <= hi;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let length: number;
    let second: [number, number] = [0x80, 0xbf];
    if (c <= 0x7f) {
      length = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c === 0xe0) second = [0xa0, 0xbf];
      if (c === 0xed) second = [0x80, 0x9f];
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c === 0xf0) second = [0x90, 0xbf];
      if (c === 0xf4) second = [0x80, 0x8f];
    } else {
      return i;
    }
    if (length > 1 && !within(b[i + 1], second[0], second[1])) return i;
    for (let k = 2; k < length; k++) {
      if (!within(b[i + k], 0x80, 0xbf)) return i;
    }
    i += length;
  }
  return b.length;
}

/* ------------------------------------------------------------------ */
/* YAML nodes to plain values                                          */
/* ------------------------------------------------------------------ */

// go-yaml's bound on alias expansion (decode.go, allowedAliasRatio): a document may take 99% of
// its decoding work from aliases while small, scaling down to 10% from 4,000,000 decoded nodes.
const ALIAS_RATIO_LOW = 400_000;
const ALIAS_RATIO_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

/** Raised inside the converter with the node it is about. */
class NodeError extends Error {
  public constructor(message: string, public readonly node: YAML.Node | undefined) {
    super(message);
  }
}

/**
 * Turns one parsed document into a plain value as go-yaml v2 decodes into `interface{}` and
 * sigs.k8s.io/yaml converts to JSON: aliases expanded (within go-yaml's bound), merge keys
 * merged, mapping keys turned into strings.
 */
class Converter {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YAML.Alias>();
  /** the alias being expanded at the top (not inside another alias) */
  private outerAlias: YAML.Alias | undefined;
  /** what each alias refers to: the last node before it with its anchor */
  private readonly targets = new Map<YAML.Alias, YAML.Node>();

  public constructor(doc: YAML.Document.Parsed) {
    const anchors = new Map<string, YAML.Node>();
    YAML.visit(doc, {
      Node: (_key, node) => {
        if (YAML.isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) this.targets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }

  public value(node: unknown): unknown {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      const alias = this.outerAlias!;
      throw new NodeError(`excessive aliasing: expanding alias '*${alias.source}' goes beyond the bound of Go's YAML decoders (kubectl refuses this document too)`, alias);
    }
    if (YAML.isAlias(node)) return this.alias(node);
    if (YAML.isScalar(node)) return scalar(node.value);
    if (YAML.isSeq(node)) return node.items.map(item => this.value(item));
    if (YAML.isMap(node)) {
      const out: Record<string, unknown> = {};
      this.mapping(node, out);
      return out;
    }
    if (node === null || node === undefined) return null;
    throw new NodeError('unsupported YAML node', node as YAML.Node);
  }

  private alias(node: YAML.Alias): unknown {
    const target = this.targets.get(node);
    if (target === undefined) throw new NodeError(`unknown anchor '${node.source}' referenced`, node);
    if (this.expanding.has(node)) throw new NodeError(`anchor '${node.source}' value contains itself`, node);
    this.expanding.add(node);
    if (this.aliasDepth === 0) this.outerAlias = node;
    this.aliasDepth++;
    try {
      return this.value(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  /** Sets the pairs of a mapping on `out`, in order: a later key (or merge) overrides an earlier one, as in go-yaml v2. */
  private mapping(node: YAML.YAMLMap, out: Record<string, unknown>): void {
    for (const pair of node.items) {
      if (YAML.isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        this.decodeCount++;
        this.merge(pair.value);
        this.mergeInto(pair.value, out);
        continue;
      }
      const key = this.key(pair.key);
      setKey(out, key, this.value(pair.value));
    }
  }

  /** Checks a merge value: a mapping, an alias of one, or a sequence of those. */
  private merge(value: unknown): void {
    const isMapping = (n: unknown) => YAML.isMap(n) || (YAML.isAlias(n) && YAML.isMap(this.targets.get(n)));
    if (isMapping(value)) return;
    if (YAML.isSeq(value) && value.items.every(isMapping)) return;
    throw new NodeError('a merge key (<<) needs a mapping or a list of mappings as its value', (value ?? undefined) as YAML.Node | undefined);
  }

  private mergeInto(value: unknown, out: Record<string, unknown>): void {
    if (YAML.isSeq(value)) {
      // earlier mappings take precedence: apply them last
      for (let i = value.items.length - 1; i >= 0; i--) this.mergeInto(value.items[i], out);
      return;
    }
    const merged = this.value(value) as Record<string, unknown>;
    for (const key of Object.keys(merged)) setKey(out, key, merged[key]);
  }

  private key(node: unknown): string {
    this.decodeCount++;
    const k = YAML.isAlias(node) ? this.alias(node) : YAML.isScalar(node) ? scalar(node.value) : undefined;
    if (typeof k === 'string') return k;
    if (typeof k === 'number' || typeof k === 'boolean' || typeof k === 'bigint') return String(k);
    throw new NodeError(`a mapping key must be a string, a number or a boolean, got ${describeKey(k, node)}`, node as YAML.Node);
  }
}

function describeKey(k: unknown, node: unknown): string {
  if (k === null) return 'null';
  if (YAML.isMap(node)) return 'a mapping';
  if (YAML.isSeq(node)) return 'a list';
  return typeof k;
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

function scalar(value: unknown): unknown {
  // !!binary: go-yaml decodes the bytes into a string
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf-8');
  return value;
}

/* ------------------------------------------------------------------ */
/* segments to documents                                               */
/* ------------------------------------------------------------------ */

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
      value = new Converter(doc).value(doc.contents);
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
