/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * A port of Go's RE2 parser (`regexp/syntax/parse.go`, with the `syntax.Perl` flags that
 * `regexp.Compile` uses, which is how Istio's validation webhook checks every regex): the same
 * parse stack, node reuse and factoring of alternations, the same checks in the same order, and
 * Go's error codes and expressions, so a pattern is refused here exactly when Istio refuses it,
 * with Go's message.
 *
 * Left out, on purpose:
 * - POSIX-only paths (regexp.Compile always parses with Perl flags).
 * - The nesting limit (`maxHeight`, 1000 levels) and the rune limit (`maxRunes`, 33 million runes
 *   in classes): Istio refuses patterns over 1024 bytes before compiling them, and 1024 bytes
 *   reach neither (at most about 800 levels, and under a million class runes).
 * The size limit (`maxSize`) is kept: nested counted repeats (`(x{1000}){1000}`) reach it, and Go
 * reports "expression too large" for them before it reports the repeat count.
 */
import { Flags, Op, Re2Node } from './ast';
import { ALL_RUNES, ClassBounds, exactly, joined, negated, NO_RUNES, PERL_GROUPS, POSIX_GROUPS } from './char-class';
import { Re2Error, Re2ErrorCode } from './errors';
import { MAX_REPEAT, Re2Stack } from './stack';
import { canonicalClassName, UNICODE_CLASS_NAMES } from './unicode-names';

export { Re2Error, Re2ErrorCode } from './errors';

const MAX_HEX_RUNE = 0x10ffff;

/**
 * Parses a pattern as Go's `regexp.Compile` does.
 *
 * @throws Re2Error when Go refuses the pattern
 */
export function parseRe2(pattern: string): Re2Node {
  return new Parser(pattern).parse();
}

/** Go's error for the pattern, or undefined when Go compiles it. */
export function re2Error(pattern: string): Re2Error | undefined {
  try {
    parseRe2(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof Re2Error) {
      return e;
    }
    throw e;
  }
}

/** A lone surrogate: a JavaScript string can hold one, UTF-8 cannot (Go reads it as invalid UTF-8). */
function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** The first rune and the rest (Go's `nextRune`; the empty string yields U+FFFD, as Go's decoder does). */
function nextRune(s: string): [number, string] {
  if (s === '') {
    return [0xfffd, ''];
  }
  const c = s.codePointAt(0)!;
  if (isSurrogate(c)) {
    throw new Re2Error(Re2ErrorCode.INVALID_UTF8, s);
  }
  return [c, s.slice(c > 0xffff ? 2 : 1)];
}

function checkUtf8(s: string): void {
  for (let i = 0; i < s.length;) {
    const c = s.codePointAt(i)!;
    if (isSurrogate(c)) {
      throw new Re2Error(Re2ErrorCode.INVALID_UTF8, s.slice(i));
    }
    i += c > 0xffff ? 2 : 1;
  }
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '7';
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const code = (ch: string) => ch.charCodeAt(0);

/** The part of `before` that `after` does not repeat: what an operator consumed. */
function consumed(before: string, after: string): string {
  return before.slice(0, before.length - after.length);
}

/** A character class under construction: what it holds, and which Unicode tables it names with which sign. */
interface ClassBuilder {
  bounds: ClassBounds;
  readonly tables: Set<string>;
}

function newBuilder(): ClassBuilder {
  return { bounds: { lo: NO_RUNES, hi: NO_RUNES }, tables: new Set() };
}

/** The tokens of a pattern, fed to the parse stack (Go's `parse`). */
class Parser extends Re2Stack {
  private numCap = 0;

  public parse(): Re2Node {
    let t = this.whole;
    let lastRepeat = '';
    while (t !== '') {
      let repeat = '';
      switch (t[0]) {
        case '(':
          if (t.length >= 2 && t[1] === '?') {
            t = this.parsePerlFlags(t);
            break;
          }
          this.numCap++;
          this.op(Op.LEFT_PAREN)!.cap = this.numCap;
          t = t.slice(1);
          break;
        case '|':
          this.parseVerticalBar();
          t = t.slice(1);
          break;
        case ')':
          this.parseRightParen();
          t = t.slice(1);
          break;
        case '^':
          this.op(this.flags & Flags.ONE_LINE ? Op.BEGIN_TEXT : Op.BEGIN_LINE);
          t = t.slice(1);
          break;
        case '$':
          if (this.flags & Flags.ONE_LINE) {
            this.op(Op.END_TEXT)!.flags |= Flags.WAS_DOLLAR;
          } else {
            this.op(Op.END_LINE);
          }
          t = t.slice(1);
          break;
        case '.':
          this.op(this.flags & Flags.DOT_NL ? Op.ANY_CHAR : Op.ANY_CHAR_NOT_NL);
          t = t.slice(1);
          break;
        case '[':
          t = this.parseClass(t);
          break;
        case '*':
        case '+':
        case '?': {
          const before = t;
          const op = t[0] === '*' ? Op.STAR : t[0] === '+' ? Op.PLUS : Op.QUEST;
          t = this.repeat(op, 0, 0, before, t.slice(1), lastRepeat);
          repeat = before;
          break;
        }
        case '{': {
          const before = t;
          const parsed = this.parseRepeat(t);
          if (parsed === undefined) {
            // not a repeat: `{` is a literal
            this.literal(code('{'));
            t = t.slice(1);
            break;
          }
          const { min, max, rest } = parsed;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw new Re2Error(Re2ErrorCode.INVALID_REPEAT_SIZE, consumed(before, rest));
          }
          t = this.repeat(Op.REPEAT, min, max, before, rest, lastRepeat);
          repeat = before;
          break;
        }
        case '\\':
          t = this.parseBackslash(t);
          break;
        default: {
          const [c, rest] = nextRune(t);
          this.literal(c);
          t = rest;
        }
      }
      lastRepeat = repeat;
    }
    this.concat();
    if (this.swapVerticalBar()) {
      this.stack.pop();
    }
    this.alternate();
    if (this.stack.length !== 1) {
      throw new Re2Error(Re2ErrorCode.MISSING_PAREN, this.whole);
    }
    return this.stack[0];
  }

  /** A backslash outside a class: an assertion, `\Q…\E`, a class escape or a single-character escape. */
  private parseBackslash(t: string): string {
    if (t.length >= 2) {
      switch (t[1]) {
        case 'A':
          this.op(Op.BEGIN_TEXT);
          return t.slice(2);
        case 'b':
          this.op(Op.WORD_BOUNDARY);
          return t.slice(2);
        case 'B':
          this.op(Op.NO_WORD_BOUNDARY);
          return t.slice(2);
        case 'C':
          // any byte: not supported
          throw new Re2Error(Re2ErrorCode.INVALID_ESCAPE, t.slice(0, 2));
        case 'Q': {
          // \Q … \E: literal text (up to the end when \E is missing)
          const end = t.indexOf('\\E', 2);
          let lit = end < 0 ? t.slice(2) : t.slice(2, end);
          while (lit !== '') {
            const [c, rest] = nextRune(lit);
            this.literal(c);
            lit = rest;
          }
          return end < 0 ? '' : t.slice(end + 2);
        }
        case 'z':
          this.op(Op.END_TEXT);
          return t.slice(2);
      }
    }
    // Go allocates the class node first and gives it back when the escape is no class
    const re = this.newNode(Op.CHAR_CLASS);
    re.flags = this.flags;
    const builder = newBuilder();
    const rest = this.parseUnicodeClass(t, builder) ?? this.parsePerlClassEscape(t, builder);
    if (rest !== undefined) {
      this.pushClass(re, builder);
      return rest;
    }
    this.reuse(re);
    const [c, after] = this.parseEscape(t);
    this.literal(c);
    return after;
  }

  private pushClass(re: Re2Node, builder: ClassBuilder): void {
    re.cls = builder.bounds;
    re.tables = [...builder.tables].sort().join(',');
    this.push(re);
  }

  /** `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at the start of `s` (which starts with `(?`). */
  private parsePerlFlags(s: string): string {
    const startsWithP = s.length > 4 && s[2] === 'P' && s[3] === '<';
    const startsWithName = s.length > 3 && s[2] === '<';
    if (startsWithP || startsWithName) {
      const end = s.indexOf('>');
      if (end < 0) {
        checkUtf8(s);
        throw new Re2Error(Re2ErrorCode.INVALID_NAMED_CAPTURE, s);
      }
      const name = s.slice(startsWithP ? 4 : 3, end);
      checkUtf8(name);
      if (name === '' || ![...name].every(c => c === '_' || isAlnum(c.codePointAt(0)!))) {
        throw new Re2Error(Re2ErrorCode.INVALID_NAMED_CAPTURE, s.slice(0, end + 1));
      }
      this.numCap++;
      const re = this.op(Op.LEFT_PAREN)!;
      re.cap = this.numCap;
      re.name = name;
      return s.slice(end + 1);
    }

    // a non-capturing group, flag changes, or both
    let t = s.slice(2);
    let flags = this.flags;
    let sign = +1;
    let sawFlag = false;
    loop: while (t !== '') {
      const [c, rest] = nextRune(t);
      t = rest;
      switch (String.fromCodePoint(c)) {
        case 'i':
          flags |= Flags.FOLD_CASE;
          sawFlag = true;
          break;
        case 'm':
          flags &= ~Flags.ONE_LINE;
          sawFlag = true;
          break;
        case 's':
          flags |= Flags.DOT_NL;
          sawFlag = true;
          break;
        case 'U':
          flags |= Flags.NON_GREEDY;
          sawFlag = true;
          break;
        case '-':
          if (sign < 0) {
            break loop;
          }
          sign = -1;
          // invert the flags so that the settings above clear them; inverted back at the end
          flags = ~flags;
          sawFlag = false;
          break;
        case ':':
        case ')':
          if (sign < 0) {
            if (!sawFlag) {
              break loop;
            }
            flags = ~flags;
          }
          if (c === code(':')) {
            this.op(Op.LEFT_PAREN);
          }
          this.flags = flags;
          return t;
        default:
          break loop;
      }
    }
    throw new Re2Error(Re2ErrorCode.INVALID_PERL_OP, consumed(s, t));
  }

  /** `{min}`, `{min,}` or `{min,max}` at the start of `s`; undefined when `s` does not start with one. */
  private parseRepeat(s: string): { min: number; max: number; rest: string } | undefined {
    s = s.slice(1);
    const first = this.parseInt(s);
    if (first === undefined) {
      return undefined;
    }
    let min = first.n;
    let max: number;
    s = first.rest;
    if (s === '') {
      return undefined;
    }
    if (s[0] !== ',') {
      max = min;
    } else {
      s = s.slice(1);
      if (s === '') {
        return undefined;
      }
      if (s[0] === '}') {
        max = -1;
      } else {
        const second = this.parseInt(s);
        if (second === undefined) {
          return undefined;
        }
        max = second.n;
        s = second.rest;
        if (max < 0) {
          // too big a number
          min = -1;
        }
      }
    }
    if (s === '' || s[0] !== '}') {
      return undefined;
    }
    return { min, max, rest: s.slice(1) };
  }

  /** A decimal integer without leading zeros; -1 when too big (at least 10^8). */
  private parseInt(s: string): { n: number; rest: string } | undefined {
    if (!isDigit(s[0]) || (s[0] === '0' && isDigit(s[1]))) {
      return undefined;
    }
    let i = 0;
    while (isDigit(s[i])) {
      i++;
    }
    let n = 0;
    for (let j = 0; j < i; j++) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + code(s[j]) - 0x30;
    }
    return { n, rest: s.slice(i) };
  }

  /** A single-character escape at the start of `s` (Go's `parseEscape`). */
  private parseEscape(s: string): [number, string] {
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

  /** A class character at the start of `s`; `whole` is the class, for the missing-bracket error. */
  private parseClassChar(s: string, whole: string): [number, string] {
    if (s === '') {
      throw new Re2Error(Re2ErrorCode.MISSING_BRACKET, whole);
    }
    return s[0] === '\\' ? this.parseEscape(s) : nextRune(s);
  }

  /** `\d`, `\s`, `\w` or a negation at the start of `s`: adds it and returns the rest, else undefined. */
  private parsePerlClassEscape(s: string, builder: ClassBuilder): string | undefined {
    const group = s.length >= 2 && s[0] === '\\' ? PERL_GROUPS[s.slice(0, 2)] : undefined;
    if (group === undefined) {
      return undefined;
    }
    this.addGroup(builder, group.ranges, group.sign);
    return s.slice(2);
  }

  /** `[:alpha:]` or `[:^alpha:]` at the start of `s`: adds it and returns the rest, else undefined. */
  private parseNamedClass(s: string, builder: ClassBuilder): string | undefined {
    const end = s.indexOf(':]', 2);
    if (end < 0) {
      return undefined;
    }
    const name = s.slice(0, end + 2);
    const group = POSIX_GROUPS[name];
    if (group === undefined) {
      throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, name);
    }
    this.addGroup(builder, group.ranges, group.sign);
    return s.slice(end + 2);
  }

  private addGroup(builder: ClassBuilder, ranges: readonly number[], sign: number): void {
    const bounds = exactly(ranges, (this.flags & Flags.FOLD_CASE) !== 0);
    builder.bounds = joined(builder.bounds, sign > 0 ? bounds : negated(bounds));
  }

  /** `\pX`, `\p{Name}`, `\PX` or `\P{Name}` at the start of `s`: adds it and returns the rest, else undefined. */
  private parseUnicodeClass(s: string, builder: ClassBuilder): string | undefined {
    if (s.length < 2 || s[0] !== '\\' || (s[1] !== 'p' && s[1] !== 'P')) {
      return undefined;
    }
    // committed: a class or an error
    let sign = s[1] === 'P' ? -1 : +1;
    let [c, t] = nextRune(s.slice(2));
    let seq: string;
    let name: string;
    if (c !== code('{')) {
      // a one-letter name
      seq = consumed(s, t);
      name = seq.slice(2);
    } else {
      const end = s.indexOf('}');
      if (end < 0) {
        checkUtf8(s);
        throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, s);
      }
      seq = s.slice(0, end + 1);
      t = s.slice(end + 1);
      name = s.slice(3, end);
      checkUtf8(name);
    }
    // a leading ^ negates too: \p{^Han} is \P{Han}
    if (name.startsWith('^')) {
      sign = -sign;
      name = name.slice(1);
    }
    const canonical = canonicalClassName(name);
    if (!UNICODE_CLASS_NAMES.has(canonical)) {
      throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, seq);
    }
    const bounds: ClassBounds = canonical === 'Any' ? { lo: ALL_RUNES, hi: ALL_RUNES }
      : canonical === 'Ascii' ? exactly([0, 0x7f], (this.flags & Flags.FOLD_CASE) !== 0)
        : { lo: NO_RUNES, hi: ALL_RUNES };
    builder.bounds = joined(builder.bounds, sign > 0 ? bounds : negated(bounds));
    builder.tables.add(`${sign > 0 ? '+' : '-'}${canonical}`);
    if (builder.tables.has(`${sign > 0 ? '-' : '+'}${canonical}`)) {
      // a table and its negation: every rune
      builder.bounds = { lo: ALL_RUNES, hi: ALL_RUNES };
    }
    return t;
  }

  /** A bracketed class at the start of `s`: pushes it and returns the rest (Go's `parseClass`). */
  private parseClass(s: string): string {
    let t = s.slice(1);
    const re = this.newNode(Op.CHAR_CLASS);
    re.flags = this.flags;
    const builder = newBuilder();
    const negate = t.startsWith('^');
    if (negate) {
      t = t.slice(1);
    }
    const fold = (this.flags & Flags.FOLD_CASE) !== 0;
    // ] is a member when it comes first
    for (let first = true; t === '' || t[0] !== ']' || first; first = false) {
      const named = t.length > 2 && t[0] === '[' && t[1] === ':' ? this.parseNamedClass(t, builder) : undefined;
      const group = named ?? this.parseUnicodeClass(t, builder) ?? this.parsePerlClassEscape(t, builder);
      if (group !== undefined) {
        t = group;
        continue;
      }
      // a character or a range
      const range = t;
      let lo: number;
      [lo, t] = this.parseClassChar(t, s);
      let hi = lo;
      // [a-] is a and -
      if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
        [hi, t] = this.parseClassChar(t.slice(1), s);
        if (hi < lo) {
          throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, consumed(range, t));
        }
      }
      builder.bounds = joined(builder.bounds, exactly([lo, hi], fold));
    }
    if (negate) {
      builder.bounds = negated(builder.bounds);
    }
    this.pushClass(re, builder);
    return t.slice(1);
  }
}
