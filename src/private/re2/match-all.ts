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

/** Which values must match: all of them, or all but the empty one (paths are never empty). */
enum Need {
  ALL,
  NON_EMPTY,
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
      return covers(n, Need.NON_EMPTY);
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

/** Whether every value `need` asks for is one of the strings `n` matches, wherever `n` stands. */
function covers(n: Re2Node, need: Need): boolean {
  const sub = n.subs[0];
  switch (n.op) {
    case Op.STAR:
      return coversEveryChar(sub);
    case Op.PLUS:
      return need === Need.ALL ? covers(sub, Need.ALL) || (coversEveryChar(sub) && nullable(sub)) : coversEveryChar(sub);
    case Op.QUEST:
      // x? adds the empty value
      return covers(sub, need) || covers(sub, Need.NON_EMPTY);
    case Op.CAPTURE:
      return covers(sub, need);
    case Op.REPEAT:
      return n.max !== 0 && (covers(sub, Need.ALL)
        || (n.max === -1 && coversEveryChar(sub) && (n.min === 0 || (need === Need.NON_EMPTY && n.min === 1) || nullable(sub)))
        || ((n.min === 0 || (need === Need.NON_EMPTY && n.min === 1)) && covers(sub, Need.NON_EMPTY)));
    case Op.CONCAT:
      return concatCovers(n.subs, need, s => covers(s, Need.ALL), s => covers(s, Need.NON_EMPTY));
    case Op.ALTERNATE:
      return alternateCovers(n.subs, need, covers);
    default:
      return false;
  }
}

/**
 * A concatenation covers all values when one part does and the others can take nothing; it
 * covers the non-empty ones also when one part does that, or when one part takes any single
 * character and another any value.
 */
function concatCovers(parts: Re2Node[], need: Need, all: (n: Re2Node) => boolean, nonEmpty: (n: Re2Node) => boolean): boolean {
  const othersNullable = (...except: Re2Node[]) => parts.every(o => except.includes(o) || nullable(o));
  return parts.some(s => (all(s) || (need === Need.NON_EMPTY && nonEmpty(s))) && othersNullable(s))
    || (need === Need.NON_EMPTY && parts.some(c => includes(singleCharRunes(c) ?? [], VALUE_RUNES)
      && parts.some(s => s !== c && all(s) && othersNullable(c, s))));
}

/** An alternation covers what one branch covers, or all values when one branch covers the non-empty ones and another the empty one. */
function alternateCovers(branches: Re2Node[], need: Need, branchCovers: (n: Re2Node, need: Need) => boolean): boolean {
  return branches.some(b => branchCovers(b, need))
    || (need === Need.ALL && branches.some(b => branchCovers(b, Need.NON_EMPTY)) && branches.some(nullable));
}

const BEGIN = new Set([Op.BEGIN_TEXT, Op.BEGIN_LINE, Op.EMPTY_MATCH]);
const END = new Set([Op.END_TEXT, Op.END_LINE, Op.EMPTY_MATCH]);

/**
 * `covers`, for a node that begins (`atStart`) or ends (`atEnd`) the whole match, where `^` and
 * `$` always hold.
 */
function coversAnchored(n: Re2Node, need: Need, atStart: boolean, atEnd: boolean): boolean {
  switch (n.op) {
    case Op.CAPTURE:
      return coversAnchored(n.subs[0], need, atStart, atEnd);
    case Op.ALTERNATE:
      return alternateCovers(n.subs, need, (b, bNeed) => coversAnchored(b, bNeed, atStart, atEnd));
    case Op.CONCAT: {
      const middle = trimAnchors(n.subs, atStart, atEnd);
      const edge = (s: Re2Node, bNeed: Need) => {
        const i = middle.indexOf(s);
        return coversAnchored(s, bNeed, atStart && i === 0, atEnd && i === middle.length - 1);
      };
      return concatCovers(middle, need, s => edge(s, Need.ALL), s => edge(s, Need.NON_EMPTY));
    }
    default:
      return covers(n, need);
  }
}

/** The operands of a concatenation without the assertions that hold at its edges (and empty matches). */
function trimAnchors(subs: Re2Node[], atStart: boolean, atEnd: boolean): Re2Node[] {
  let i = 0;
  let j = subs.length;
  while (i < j && atStart && BEGIN.has(subs[i].op)) {
    i++;
  }
  while (j > i && atEnd && END.has(subs[j - 1].op)) {
    j--;
  }
  return subs.slice(i, j).filter(s => s.op !== Op.EMPTY_MATCH);
}

/** Whether two runes are the same character, ASCII case aside when `fold`. */
function sameRune(a: number, b: number, fold: boolean): boolean {
  const lower = (r: number) => (r >= 0x41 && r <= 0x5a ? r + 0x20 : r);
  return a === b || (fold && lower(a) === lower(b));
}

/**
 * How much of `prefix` a node takes whole, if it begins the match: a literal that starts the
 * prefix takes its runes, a class holding the prefix's first character takes that one; else 0.
 */
function prefixTaken(head: Re2Node, prefix: string): number {
  if (head.op === Op.LITERAL) {
    const fold = (head.flags & Flags.FOLD_CASE) !== 0;
    return head.runes.length <= prefix.length && head.runes.every((r, i) => sameRune(r, prefix.charCodeAt(i), fold)) ? head.runes.length : 0;
  }
  const first = prefix.charCodeAt(0);
  return includes(singleCharRunes(head) ?? [], [first, first]) ? 1 : 0;
}

/** Whether `n` matches every value that starts with `prefix` (such values are not empty when the prefix is not). */
function coversPrefixed(n: Re2Node, prefix: string, atStart: boolean, atEnd: boolean): boolean {
  if (coversAnchored(n, prefix === '' ? Need.ALL : Need.NON_EMPTY, atStart, atEnd)) {
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
      const [head, ...rest] = trimAnchors(n.subs, atStart, false);
      const taken = head === undefined ? 0 : prefixTaken(head, prefix);
      if (taken === 0) {
        return false;
      }
      const remaining = prefix.slice(taken);
      const tail = new Re2Node(Op.CONCAT, 0);
      tail.subs = rest;
      return rest.length > 0 && coversPrefixed(tail, remaining, false, atEnd);
    }
    default:
      return false;
  }
}
