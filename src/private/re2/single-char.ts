/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * Nodes that match one character (a one-rune literal, a class, `.`), and how Go's parser merges
 * them: branches of an alternation into one class (`a|b` → `[ab]`, Go's `mergeCharClass`), a class
 * of every rune into `.` (`cleanAlt`), and a two-letter class into a case-folded literal (`[Aa]`).
 */
import { Flags, Op, Re2Node } from './ast';
import { ALL_BUT_NEWLINE, ALL_RUNES, ClassBounds, exactly, includes, joined } from './char-class';

/** Whether a node can be merged into a character class (Go's `isCharClass`). */
export function isCharClass(re: Re2Node): boolean {
  return (re.op === Op.LITERAL && re.runes.length === 1) || re.op === Op.CHAR_CLASS || re.op === Op.ANY_CHAR_NOT_NL || re.op === Op.ANY_CHAR;
}

/** The runes a single-character node other than `ANY_CHAR` matches (nothing merges into `ANY_CHAR`). */
function boundsOf(re: Re2Node): ClassBounds {
  switch (re.op) {
    case Op.LITERAL:
      return exactly([re.runes[0], re.runes[0]], (re.flags & Flags.FOLD_CASE) !== 0);
    case Op.ANY_CHAR_NOT_NL:
      return { lo: ALL_BUT_NEWLINE, hi: ALL_BUT_NEWLINE };
    default:
      return re.cls;
  }
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Turns a class that holds everything (but `\n`) into `.` (Go's `cleanAlt`). */
export function cleanAlt(re: Re2Node): void {
  if (re.op !== Op.CHAR_CLASS) {
    return;
  }
  if (includes(re.cls.lo, ALL_RUNES)) {
    re.op = Op.ANY_CHAR;
  } else if (sameSet(re.cls.lo, ALL_BUT_NEWLINE) && sameSet(re.cls.hi, ALL_BUT_NEWLINE)) {
    re.op = Op.ANY_CHAR_NOT_NL;
  }
}

/** The table signatures of two classes together. */
function joinTables(a: string, b: string): string {
  return [...new Set([...a.split(','), ...b.split(',')].filter(t => t !== ''))].sort().join(',');
}

/** `dst = dst|src` for single-character nodes, `dst` the more complex (Go's `mergeCharClass`). */
export function mergeCharClass(dst: Re2Node, src: Re2Node): void {
  if (dst.op === Op.ANY_CHAR || (dst.op === Op.LITERAL && src.runes[0] === dst.runes[0] && src.flags === dst.flags)) {
    return;
  }
  const merged = joined(boundsOf(dst), boundsOf(src));
  const tables = joinTables(dst.tables, src.tables);
  dst.op = Op.CHAR_CLASS;
  dst.runes = [];
  dst.cls = merged;
  dst.tables = tables;
  cleanAlt(dst);
}

/** The ASCII letter pairs Go turns into a case-folded literal (`[Aa]`); `k` and `s` fold to three runes. */
export function foldPair(b: ClassBounds): number | undefined {
  const [upper, u2, lower, l2] = b.lo;
  const exact = sameSet(b.lo, b.hi) && b.lo.length === 4 && upper === u2 && lower === l2;
  return exact && upper >= 0x41 && upper <= 0x5a && lower === upper + 0x20 && upper !== 0x4b && upper !== 0x53 ? upper : undefined;
}
