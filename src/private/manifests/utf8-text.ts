/**
 * A segment's bytes as text: it must be UTF-8 without control characters (binary data); invalid
 * UTF-8 and control characters are errors naming the line and column, never replaced or echoed.
 */
import { Segment } from './document-splitter';
import { ManifestError } from './manifest-error';

const NEWLINE = 0x0a;

/** Control characters YAML does not allow in a stream (C0 other than tab/LF/CR, DEL, C1 other than NEL). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a segment as UTF-8 text, refusing invalid UTF-8 and control characters. */
export function decodeSegment(segment: Segment, source: string): string {
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
