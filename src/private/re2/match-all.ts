/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * Whether a regular expression matches every value a request can carry, decided on the parsed
 * tree and only when provable: `.*`, `(?s).*`, `[\s\S]*`, `(.|\n)*`, `^.*$`, `(.*)` and their
 * combinations are recognised; anything the analysis cannot prove counts as a restriction.
 *
 * Envoy matches regexes against the whole value (RE2 full match), so `^` and `$` at the edges
 * restrict nothing. Request values (paths, header values, methods, authorities) never hold a
 * line feed (HTTP/1 and HTTP/2 both refuse CR and LF in them), so `.` covers every character a
 * value can hold, with or without the `s` flag.
 */
import { Flags, Op, Re2Node } from './ast';
import { ALL_BUT_NEWLINE, includes, Ranges, union } from './char-class';
import { parseRe2 } from './parse';

/** The characters a request value can hold: everything but the line feed. */
const VALUE_RUNES = ALL_BUT_NEWLINE;

const verdicts = new Map<string, boolean>();

/**
 * Whether `pattern` matches every value that starts with `prefix` (`/` for paths, where every
 * value starts with one; empty elsewhere). An invalid pattern matches nothing.
 */
export function regexMatchesEveryValue(pattern: string, prefix: string = ''): boolean {
  const key = `${prefix}\u0000${pattern}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    let root: Re2Node | undefined;
    try {
      root = parseRe2(pattern);
    } catch {
      root = undefined;
    }
    verdict = root !== undefined && coversPrefixed(root, prefix, true, true);
    verdicts.set(key, verdict);
  }
  return verdict;
}

/** The runes a one-character node surely matches, or undefined when the node is no single character. */
function singleCharRunes(n: Re2Node): Ranges | undefined {
  switch (n.op) {
    case Op.LITERAL:
      return n.runes.length === 1 ? [n.runes[0], n.runes[0]] : undefined;
    case Op.CHAR_CLASS:
      return n.cls.lo;
    case Op.ANY_CHAR_NOT_NL:
      return ALL_BUT_NEWLINE;
    case Op.ANY_CHAR:
      return [0, 0x10ffff];
    case Op.CAPTURE:
      return singleCharRunes(n.subs[0]);
    case Op.ALTERNATE: {
      const parts = n.subs.map(singleCharRunes);
      return parts.every((p): p is Ranges => p !== undefined) ? parts.reduce((a, b) => union(a, b), []) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether every single value character is one of the strings `n` matches. */
function coversEveryChar(n: Re2Node): boolean {
  const runes = singleCharRunes(n);
  if (runes !== undefined) {
    return includes(runes, VALUE_RUNES);
  }
  switch (n.op) {
    case Op.CAPTURE:
      return coversEveryChar(n.subs[0]);
    case Op.ALTERNATE: {
      const chars = n.subs.map(singleCharRunes).filter((r): r is Ranges => r !== undefined).reduce((a, b) => union(a, b), []);
      return includes(chars, VALUE_RUNES) || n.subs.some(coversEveryChar);
    }
    default:
      return matchesAll(n);
  }
}

/** Whether `n` matches the empty string (assertions count as not: they may fail). */
function nullable(n: Re2Node): boolean {
  switch (n.op) {
    case Op.EMPTY_MATCH:
    case Op.STAR:
    case Op.QUEST:
      return true;
    case Op.REPEAT:
      return n.min === 0 || nullable(n.subs[0]);
    case Op.PLUS:
    case Op.CAPTURE:
      return nullable(n.subs[0]);
    case Op.CONCAT:
      return n.subs.every(nullable);
    case Op.ALTERNATE:
      return n.subs.some(nullable);
    default:
      return false;
  }
}

/** Whether `n` matches every string of value characters, wherever it stands. */
function matchesAll(n: Re2Node): boolean {
  switch (n.op) {
    case Op.STAR:
      return coversEveryChar(n.subs[0]);
    case Op.PLUS:
      return matchesAll(n.subs[0]) || (coversEveryChar(n.subs[0]) && nullable(n.subs[0]));
    case Op.QUEST:
    case Op.CAPTURE:
      return matchesAll(n.subs[0]);
    case Op.REPEAT:
      return (n.max !== 0 && matchesAll(n.subs[0]))
        || (n.max === -1 && coversEveryChar(n.subs[0]) && (n.min === 0 || nullable(n.subs[0])));
    case Op.CONCAT: {
      const parts = n.subs.filter(s => s.op !== Op.EMPTY_MATCH);
      return parts.length > 0 && parts.every(matchesAll);
    }
    case Op.ALTERNATE:
      return n.subs.some(matchesAll);
    default:
      return false;
  }
}

const BEGIN = new Set([Op.BEGIN_TEXT, Op.BEGIN_LINE, Op.EMPTY_MATCH]);
const END = new Set([Op.END_TEXT, Op.END_LINE, Op.EMPTY_MATCH]);

/**
 * Whether `n` matches every value; `atStart`/`atEnd` tell that `n` begins/ends the whole match,
 * where `^`/`$` always hold.
 */
function matchesAllAnchored(n: Re2Node, atStart: boolean, atEnd: boolean): boolean {
  switch (n.op) {
    case Op.CAPTURE:
      return matchesAllAnchored(n.subs[0], atStart, atEnd);
    case Op.ALTERNATE:
      return n.subs.some(s => matchesAllAnchored(s, atStart, atEnd));
    case Op.CONCAT: {
      const { middle, first, last } = trimAnchors(n.subs, atStart, atEnd);
      return middle.length > 0 && middle.every((s, i) => matchesAllAnchored(s, first && i === 0, last && i === middle.length - 1));
    }
    default:
      return matchesAll(n);
  }
}

/** The operands of a concatenation without the assertions that hold at its edges (and empty matches). */
function trimAnchors(subs: Re2Node[], atStart: boolean, atEnd: boolean): { middle: Re2Node[]; first: boolean; last: boolean } {
  let i = 0;
  let j = subs.length;
  while (i < j && atStart && BEGIN.has(subs[i].op)) {
    i++;
  }
  while (j > i && atEnd && END.has(subs[j - 1].op)) {
    j--;
  }
  return { middle: subs.slice(i, j).filter(s => s.op !== Op.EMPTY_MATCH), first: atStart, last: atEnd };
}

/** Whether two runes are the same character, ASCII case aside when `fold`. */
function sameRune(a: number, b: number, fold: boolean): boolean {
  const lower = (r: number) => (r >= 0x41 && r <= 0x5a ? r + 0x20 : r);
  return a === b || (fold && lower(a) === lower(b));
}

/** Whether `n` matches every value that starts with `prefix`. */
function coversPrefixed(n: Re2Node, prefix: string, atStart: boolean, atEnd: boolean): boolean {
  if (matchesAllAnchored(n, atStart, atEnd)) {
    return true;
  }
  if (prefix === '') {
    return false;
  }
  switch (n.op) {
    case Op.CAPTURE:
      return coversPrefixed(n.subs[0], prefix, atStart, atEnd);
    case Op.ALTERNATE:
      return n.subs.some(s => coversPrefixed(s, prefix, atStart, atEnd));
    case Op.CONCAT: {
      const { middle } = trimAnchors(n.subs, atStart, false);
      const [head, ...rest] = middle;
      if (head === undefined || head.op !== Op.LITERAL || head.runes.length > prefix.length
        || !head.runes.every((r, i) => sameRune(r, prefix.charCodeAt(i), (head.flags & Flags.FOLD_CASE) !== 0))) {
        return false;
      }
      const remaining = prefix.slice(head.runes.length);
      const tail = new Re2Node(Op.CONCAT, 0);
      tail.subs = rest;
      return rest.length > 0 && coversPrefixed(tail, remaining, false, atEnd);
    }
    default:
      return false;
  }
}
