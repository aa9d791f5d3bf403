/* eslint-disable no-bitwise */ // mulberry32 is bit arithmetic
/**
 * Seeded random RE2 patterns for the differential test of the regex parser: a token soup over a
 * regex-heavy alphabet (mostly invalid patterns, every error kind), grammar-built patterns with one
 * random edit (about half valid), and nested counted repeats over factorable alternations (Go's
 * size limit and repeat-count checks).
 */

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same patterns everywhere. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '(', ')', '(?', '(?:', '(?i)', '(?s)', '(?m)', '(?U)', '(?-i)', '(?i:', '(?P<', '(?<', 'n>', '>', '[', ']', '[^', '^', '$', '\\', '\\\\',
  '\\d', '\\D', '\\s', '\\w', '\\W', '\\p', '\\P', '\\pL', '\\p{', 'Greek', 'Lu', 'Foo', '}', '{', ',', '0', '1', '2', '9', '1000', '1001',
  '01', '*', '+', '?', '|', '-', '.', ':', '[:', ':]', 'alpha', '[:alpha:]', '[:^digit:]', 'a', 'b', 'z', 'A', 'Z', 'k', '_', ' ', '\\x',
  '\\x{', '4', 'F', 'g', '\\Q', '\\E', '\\b', '\\B', '\\A', '\\z', '\\y', '\\C', '\\n', '\\0', '\\1', '\\7', '\\8', 'é', '😀', '\ud800',
  '\n', '/', '=', '!', '\'', '#', '&',
];

/** Up to 14 tokens of the regex alphabet, lone surrogates rare. */
export function tokenSoup(random: () => number, count: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: count }, () => {
    let p = '';
    for (let n = 1 + Math.floor(random() * 14); n > 0; n--) {
      const t = pick(TOKENS);
      p += t === '\ud800' && random() < 0.7 ? 'x' : t;
    }
    return p;
  });
}

const ATOMS = [
  'a', 'b', 'é', '.', '\\d', '\\w', '\\s', '\\S', '\\pL', '\\p{Greek}', '\\P{Lu}', '\\x41', '\\x{1F600}', '\\.', '\\*', '\\n', '\\012', '^', '$',
  '\\b', '\\A', '\\z', '\\Qa*\\E', '[a-z]', '[^\\n]', '[[:alpha:]]', '[\\s\\S]', '[]a]', '[a-]', '(?i)', '(?s)', '\\pN',
];
const QUANTIFIERS = ['', '', '', '*', '+', '?', '*?', '{2}', '{0,3}', '{1,}', '{1000}', '{0}', '{3,2}', '{1001}', '{,2}'];
const NOISE = ['(', ')', '[', ']', '{', '}', '\\', '*', '?', '|', '-', ':', '^', 'P', '<', '>', 'x', '\ud800'];

/** Patterns from a small grammar, half of them with one character inserted, deleted or cut off. */
export function grammarPatterns(random: () => number, count: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const gen = (depth: number): string => {
    const r = random();
    if (depth > 3 || r < 0.45) return pick(ATOMS) + pick(QUANTIFIERS);
    if (r < 0.65) return gen(depth + 1) + gen(depth + 1);
    if (r < 0.8) return `${gen(depth + 1)}|${gen(depth + 1)}`;
    return pick(['(', '(?:', '(?P<g>', '(?<h>', '(?i:', '(?-s:']) + gen(depth + 1) + ')' + pick(QUANTIFIERS);
  };
  return Array.from({ length: count }, () => {
    const p = gen(0);
    if (random() >= 0.5) return p;
    const at = Math.floor(random() * (p.length + 1));
    const edit = random();
    return edit < 0.4 ? p.slice(0, at) + pick(NOISE) + p.slice(at) : edit < 0.8 ? p.slice(0, at) + p.slice(at + 1) : p.slice(0, at);
  });
}

const COUNTS = ['{1000}', '{999}', '{500}', '{2}', '{3}', '{10}', '{100}', '{0,1000}', '{1,1000}', '{1000,}', '{700}', '{1,}', '*', '+', '?', ''];
const REPEATED = [
  'a', 'ab', 'abc', '.', '\\d', '[ab]', 'a*', '()', '(a*)', '\\.*?', 'a|b', 'ab|ac', 'ab|ac|ad', 'abc|abd|aef', 'x|y*', '(?i)a', '(?i:ab|aC)',
  '\\pL|\\pN', 'a{2}b|a{2}c', '[a]b|[a]c', '()*', 'é|è', '|a', 'a||b', '\\p{Greek}x|\\p{Greek}y', '\\p{Greek}x|\\p{Latin}y',
];

/** Nested counted repeats of alternations that factor: where Go's size limit and repeat-count check meet. */
export function nestedRepeats(random: () => number, count: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const gen = (depth: number): string => {
    const r = random();
    if (depth > 2 || r < 0.3) return pick(REPEATED);
    if (r < 0.5) return gen(depth + 1) + gen(depth + 1);
    if (r < 0.65) return `${gen(depth + 1)}|${gen(depth + 1)}`;
    return pick(['(', '(?:']) + gen(depth + 1) + ')' + pick(COUNTS);
  };
  return Array.from({ length: count }, () => gen(0));
}

const WIDE = [
  '.*', '(?s)', '[\\s\\S]*', '(.|\\n)*', '^', '$', '(', ')', '(?:', '|', '?', '+', '*', '{0,}', '{1,}', '{2}', '{0}', '/', 'a', '\\z', '\\A',
  '(?m)', '[^a]', '[^\\n]', '\\pL', '\\p{Any}', '[\\d\\D]', '.+', '.', '\\b', '(?i)', 'K', '[^k]',
];

/** Short patterns over wide constructs (`.*`, `[\s\S]`, anchors, groups): many match every value, many nearly do. */
export function wideCandidates(random: () => number, count: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: count }, () => {
    let p = '';
    for (let n = 1 + Math.floor(random() * 7); n > 0; n--) {
      p += pick(WIDE);
    }
    return p;
  });
}

/** Values to probe a pattern with: no line feed (request values hold none), some starting with `/`. */
export function probeValues(random: () => number, count: number): string[] {
  const chars = ['a', 'K', 'k', '/', ' ', '\t', '\r', 'é', '😀', '\u2028', '\u0000', '?', '=', '%', '.', 'Z', '0'];
  const fixed = ['', '/', 'a', '/a/b?c=d', 'K', 'k', '\u212a', 'é', '😀', '\r', 'x'.repeat(40)];
  return [...fixed, ...Array.from({ length: count }, () => {
    let v = random() < 0.5 ? '/' : '';
    for (let n = Math.floor(random() * 8); n > 0; n--) {
      v += chars[Math.floor(random() * chars.length)];
    }
    return v;
  })];
}
