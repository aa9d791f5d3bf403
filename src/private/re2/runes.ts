/**
 * Reading a pattern's text rune by rune, as Go's parser reads UTF-8: the helpers every part of the
 * parser scans with, and the invalid-UTF-8 errors (a JavaScript string can hold a lone surrogate,
 * which UTF-8 cannot).
 */
import { Re2Error, Re2ErrorCode } from './errors';

/** A lone surrogate: a JavaScript string can hold one, UTF-8 cannot (Go reads it as invalid UTF-8). */
function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** The first rune and the rest (Go's `nextRune`; the empty string yields U+FFFD, as Go's decoder does). */
export function nextRune(s: string): [number, string] {
  if (s === '') {
    return [0xfffd, ''];
  }
  const c = s.codePointAt(0)!;
  if (isSurrogate(c)) {
    throw new Re2Error(Re2ErrorCode.INVALID_UTF8, s);
  }
  return [c, s.slice(c > 0xffff ? 2 : 1)];
}

export function checkUtf8(s: string): void {
  for (let i = 0; i < s.length;) {
    const c = s.codePointAt(i)!;
    if (isSurrogate(c)) {
      throw new Re2Error(Re2ErrorCode.INVALID_UTF8, s.slice(i));
    }
    i += c > 0xffff ? 2 : 1;
  }
}

export function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '7';
}

export function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

export const code = (ch: string) => ch.charCodeAt(0);

/** The part of `before` that `after` does not repeat: what an operator consumed. */
export function consumed(before: string, after: string): string {
  return before.slice(0, before.length - after.length);
}
