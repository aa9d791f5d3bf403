/**
 * Single-character escapes (Go's `parseEscape`): octal (`\101`), hex (`\x41`, `\x{1F600}`), the C
 * escapes (`\n`, `\t` …) and escaped punctuation, with Go's refusals: backreferences (`\1`),
 * unknown letters and hex runes past U+10FFFF are invalid escapes.
 */
import { Re2Error, Re2ErrorCode } from './errors';
import { code, consumed, isAlnum, isOctal, nextRune, unhex } from './runes';

const MAX_HEX_RUNE = 0x10ffff;

/** A single-character escape at the start of `s` (which starts with `\`): the rune and the rest. */
export function parseEscape(s: string): [number, string] {
  let t = s.slice(1);
  if (t === '') {
    throw new Re2Error(Re2ErrorCode.TRAILING_BACKSLASH, '');
  }
  let c: number;
  [c, t] = nextRune(t);
  const invalid = () => new Re2Error(Re2ErrorCode.INVALID_ESCAPE, consumed(s, t));
  const ch = String.fromCodePoint(c);
  if (ch >= '1' && ch <= '7' && !isOctal(t[0])) {
    // a single non-zero digit is a backreference: not supported
    throw invalid();
  }
  if (ch >= '0' && ch <= '7') {
    // up to three octal digits
    let r = c - 0x30;
    for (let i = 1; i < 3 && isOctal(t[0]); i++) {
      r = r * 8 + code(t[0]) - 0x30;
      t = t.slice(1);
    }
    return [r, t];
  }
  if (ch === 'x') {
    if (t === '') {
      throw invalid();
    }
    [c, t] = nextRune(t);
    if (c === code('{')) {
      // any number of hex digits in braces, at least one
      let nhex = 0;
      let r = 0;
      for (;;) {
        if (t === '') {
          throw invalid();
        }
        [c, t] = nextRune(t);
        if (c === code('}')) {
          break;
        }
        const v = unhex(c);
        if (v < 0) {
          throw invalid();
        }
        r = r * 16 + v;
        if (r > MAX_HEX_RUNE) {
          throw invalid();
        }
        nhex++;
      }
      if (nhex === 0) {
        throw invalid();
      }
      return [r, t];
    }
    const x = unhex(c);
    [c, t] = nextRune(t);
    const y = unhex(c);
    if (x < 0 || y < 0) {
      throw invalid();
    }
    return [x * 16 + y, t];
  }
  // C escapes; no \b (a backspace here would be misread as Perl's word boundary)
  const cEscapes: { [ch: string]: number } = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (cEscapes[ch] !== undefined) {
    return [cEscapes[ch], t];
  }
  if (c < 0x80 && !isAlnum(c)) {
    // escaped punctuation is itself
    return [c, t];
  }
  throw invalid();
}
