/* eslint-disable no-bitwise */ // RE2's parse flags are a bit set
/**
 * RE2 regexes as Envoy applies them to request values (a full match, RE2 syntax), evaluated in
 * JavaScript: the pattern is parsed by the port of Go's RE2 parser (src/private/re2), and its tree
 * written back as a JavaScript `RegExp` with the same language (anchored at both ends, `u` flag).
 * Where the tree holds what this translation cannot express faithfully — case folding outside
 * ASCII, Unicode tables (`\p{Greek}`) — the pattern is not evaluated, and the caller says so.
 */
import { Flags, Op, Re2Node } from '../../private/re2/ast';
import { Ranges } from '../../private/re2/char-class';
import { parseRe2 } from '../../private/re2/parse';
import { regexProblem } from '../../private/regex';

/** A pattern read for evaluation: a test of whole values, or why it cannot be evaluated. */
export type CompiledRegex = { readonly test: (value: string) => boolean } | { readonly problem: string };

const cache = new Map<string, CompiledRegex>();

/** Compiles an RE2 pattern (Istio's `regex` string match) into a full-match test, or says why it cannot. */
export function compileRe2(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: string): CompiledRegex {
  const problem = regexProblem(pattern);
  if (problem) return { problem: `Istio refuses the regex: ${problem}` };
  try {
    const re = new RegExp(`^(?:${emit(parseRe2(pattern))})$`, 'u');
    return { test: (value: string) => re.test(value) };
  } catch (e) {
    return { problem: `the simulator cannot evaluate the regex '${pattern}' (${(e as Error).message})` };
  }
}

class Untranslatable extends Error {}

const hex = (r: number) => `\\u{${r.toString(16)}}`;

/** ASCII letters' case-folding orbits (RE2's simple folding; `k` and `s` have non-ASCII members). */
function foldOrbit(r: number): number[] {
  const c = String.fromCodePoint(r);
  if (/^[a-zA-Z]$/.test(c)) {
    const orbit = [c.toLowerCase().codePointAt(0)!, c.toUpperCase().codePointAt(0)!];
    if (c === 'k' || c === 'K') orbit.push(0x212a);
    if (c === 's' || c === 'S') orbit.push(0x17f);
    return orbit;
  }
  if (r < 0x80) return [r];
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  if (lower === c && upper === c) return [r];
  throw new Untranslatable('case folding outside ASCII');
}

function ranges(set: Ranges): string {
  let out = '';
  for (let i = 0; i < set.length; i += 2) out += set[i] === set[i + 1] ? hex(set[i]) : `${hex(set[i])}-${hex(set[i + 1])}`;
  return out;
}

function sameRanges(a: Ranges, b: Ranges): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function emit(node: Re2Node): string {
  const sub = () => `(?:${emit(node.subs[0])})`;
  switch (node.op) {
    case Op.NO_MATCH: return '[^\\s\\S]';
    case Op.EMPTY_MATCH: return '(?:)';
    case Op.LITERAL:
      return node.runes.map(r => {
        if ((node.flags & Flags.FOLD_CASE) === 0) return hex(r);
        const orbit = foldOrbit(r);
        return orbit.length === 1 ? hex(r) : `[${orbit.map(hex).join('')}]`;
      }).join('');
    case Op.CHAR_CLASS:
      if (node.tables !== '' || !sameRanges(node.cls.lo, node.cls.hi)) throw new Untranslatable('a Unicode table or case folding in a class');
      return node.cls.lo.length === 0 ? '[^\\s\\S]' : `[${ranges(node.cls.lo)}]`;
    case Op.ANY_CHAR_NOT_NL: return '[^\\n]';
    case Op.ANY_CHAR: return '[\\s\\S]';
    case Op.BEGIN_LINE: return '(?<=^|\\n)';
    case Op.END_LINE: return '(?=\\n|$)';
    case Op.BEGIN_TEXT: return '^';
    case Op.END_TEXT: return '$';
    case Op.WORD_BOUNDARY: return '\\b';
    case Op.NO_WORD_BOUNDARY: return '\\B';
    case Op.CAPTURE: return sub();
    case Op.STAR: return `${sub()}*`;
    case Op.PLUS: return `${sub()}+`;
    case Op.QUEST: return `${sub()}?`;
    case Op.REPEAT: return `${sub()}{${node.min},${node.max < 0 ? '' : node.max}}`;
    case Op.CONCAT: return node.subs.map(emit).join('');
    case Op.ALTERNATE: return `(?:${node.subs.map(emit).join('|')})`;
    default: throw new Untranslatable(`operator ${node.op}`);
  }
}
