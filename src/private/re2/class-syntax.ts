/**
 * Character class syntax (Go's `parseClass` and the class escapes): bracketed classes (`[a-z]`,
 * `[^…]`, `]` first as a member), Perl classes (`\d`, `\S`), POSIX classes (`[:alpha:]`) and
 * Unicode classes (`\pL`, `\p{Greek}`, `\P{^Han}`), with Go's errors for bad ranges and names.
 * What a class holds is built as bounds (char-class.ts) plus the Unicode tables it names.
 */
import { ALL_RUNES, ClassBounds, exactly, joined, negated, NO_RUNES, PERL_GROUPS, POSIX_GROUPS } from './char-class';
import { Re2Error, Re2ErrorCode } from './errors';
import { parseEscape } from './escape';
import { checkUtf8, code, consumed, nextRune } from './runes';
import { canonicalClassName, UNICODE_CLASS_NAMES } from './unicode-names';

/** A character class under construction: what it holds, and which Unicode tables it names with which sign. */
export interface ClassBuilder {
  bounds: ClassBounds;
  readonly tables: Set<string>;
}

export function newBuilder(): ClassBuilder {
  return { bounds: { lo: NO_RUNES, hi: NO_RUNES }, tables: new Set() };
}

/**
 * A bracketed class at the start of `s` (Go's `parseClass`): adds what it holds to `builder`
 * (case-folded when `fold`) and returns the rest after its `]`.
 */
export function parseClass(s: string, builder: ClassBuilder, fold: boolean): string {
  let t = s.slice(1);
  const negate = t.startsWith('^');
  if (negate) {
    t = t.slice(1);
  }
  // ] is a member when it comes first
  for (let first = true; t === '' || t[0] !== ']' || first; first = false) {
    const named = t.length > 2 && t[0] === '[' && t[1] === ':' ? parseNamedClass(t, builder, fold) : undefined;
    const group = named ?? parseUnicodeClass(t, builder, fold) ?? parsePerlClassEscape(t, builder, fold);
    if (group !== undefined) {
      t = group;
      continue;
    }
    // a character or a range
    const range = t;
    let lo: number;
    [lo, t] = parseClassChar(t, s);
    let hi = lo;
    // [a-] is a and -
    if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
      [hi, t] = parseClassChar(t.slice(1), s);
      if (hi < lo) {
        throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, consumed(range, t));
      }
    }
    builder.bounds = joined(builder.bounds, exactly([lo, hi], fold));
  }
  if (negate) {
    builder.bounds = negated(builder.bounds);
  }
  return t.slice(1);
}

/** A class character at the start of `s`; `whole` is the class, for the missing-bracket error. */
function parseClassChar(s: string, whole: string): [number, string] {
  if (s === '') {
    throw new Re2Error(Re2ErrorCode.MISSING_BRACKET, whole);
  }
  return s[0] === '\\' ? parseEscape(s) : nextRune(s);
}

/** `\d`, `\s`, `\w` or a negation at the start of `s`: adds it and returns the rest, else undefined. */
export function parsePerlClassEscape(s: string, builder: ClassBuilder, fold: boolean): string | undefined {
  const group = s.length >= 2 && s[0] === '\\' ? PERL_GROUPS[s.slice(0, 2)] : undefined;
  if (group === undefined) {
    return undefined;
  }
  addGroup(builder, group.ranges, group.sign, fold);
  return s.slice(2);
}

/** `[:alpha:]` or `[:^alpha:]` at the start of `s`: adds it and returns the rest, else undefined. */
function parseNamedClass(s: string, builder: ClassBuilder, fold: boolean): string | undefined {
  const end = s.indexOf(':]', 2);
  if (end < 0) {
    return undefined;
  }
  const name = s.slice(0, end + 2);
  const group = POSIX_GROUPS[name];
  if (group === undefined) {
    throw new Re2Error(Re2ErrorCode.INVALID_CHAR_RANGE, name);
  }
  addGroup(builder, group.ranges, group.sign, fold);
  return s.slice(end + 2);
}

function addGroup(builder: ClassBuilder, ranges: readonly number[], sign: number, fold: boolean): void {
  const bounds = exactly(ranges, fold);
  builder.bounds = joined(builder.bounds, sign > 0 ? bounds : negated(bounds));
}

/** `\pX`, `\p{Name}`, `\PX` or `\P{Name}` at the start of `s`: adds it and returns the rest, else undefined. */
export function parseUnicodeClass(s: string, builder: ClassBuilder, fold: boolean): string | undefined {
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
    : canonical === 'Ascii' ? exactly([0, 0x7f], fold)
      : { lo: NO_RUNES, hi: ALL_RUNES };
  builder.bounds = joined(builder.bounds, sign > 0 ? bounds : negated(bounds));
  builder.tables.add(`${sign > 0 ? '+' : '-'}${canonical}`);
  if (builder.tables.has(`${sign > 0 ? '-' : '+'}${canonical}`)) {
    // a table and its negation: every rune
    builder.bounds = { lo: ALL_RUNES, hi: ALL_RUNES };
  }
  return t;
}
