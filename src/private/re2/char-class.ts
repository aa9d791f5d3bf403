/**
 * Sets of runes (Unicode code points) as the RE2 parser builds character classes: sorted,
 * disjoint `[lo, hi]` pairs, flattened into one array (Go's `[]rune` class representation).
 *
 * A class is kept as bounds: the runes it surely contains (`lo`) and the runes it may contain
 * (`hi`). They are equal for everything written with literals, ranges, Perl (`\d`) and POSIX
 * (`[:alpha:]`) classes; Unicode tables other than `Any` and `ASCII` (`\p{Greek}`) are not
 * carried here, so they widen the bounds. Case folding (`(?i)`) is over-approximated in `hi`.
 * Questions like "does this class hold every character" are then answered only when provable.
 */

/** The largest rune. */
export const MAX_RUNE = 0x10ffff;

/** A set of runes: sorted, disjoint, non-adjacent `lo, hi` pairs. */
export type Ranges = readonly number[];

/** What a character class holds: at least `lo`, at most `hi`. */
export interface ClassBounds {
  readonly lo: Ranges;
  readonly hi: Ranges;
}

export const NO_RUNES: Ranges = [];
export const ALL_RUNES: Ranges = [0, MAX_RUNE];
/** Every rune but `\n`: what `.` matches without the `s` flag. */
export const ALL_BUT_NEWLINE: Ranges = [0, 0x09, 0x0b, MAX_RUNE];

/** `\d`, `\s`, `\w` (Go's perl_groups.go). */
export const PERL_GROUPS: { readonly [escape: string]: { readonly sign: number; readonly ranges: Ranges } } = {
  '\\d': { sign: +1, ranges: [0x30, 0x39] },
  '\\D': { sign: -1, ranges: [0x30, 0x39] },
  '\\s': { sign: +1, ranges: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20] },
  '\\S': { sign: -1, ranges: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20] },
  '\\w': { sign: +1, ranges: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a] },
  '\\W': { sign: -1, ranges: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a] },
};

/** The POSIX classes `[:name:]` and their negations `[:^name:]` (Go's perl_groups.go). */
export const POSIX_GROUPS: { readonly [name: string]: { readonly sign: number; readonly ranges: Ranges } } = Object.fromEntries(
  Object.entries({
    alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
    alpha: [0x41, 0x5a, 0x61, 0x7a],
    ascii: [0x00, 0x7f],
    blank: [0x09, 0x09, 0x20, 0x20],
    cntrl: [0x00, 0x1f, 0x7f, 0x7f],
    digit: [0x30, 0x39],
    graph: [0x21, 0x7e],
    lower: [0x61, 0x7a],
    print: [0x20, 0x7e],
    punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
    space: [0x09, 0x0d, 0x20, 0x20],
    upper: [0x41, 0x5a],
    word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
    xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
  }).flatMap(([name, ranges]) => [
    [`[:${name}:]`, { sign: +1, ranges }],
    [`[:^${name}:]`, { sign: -1, ranges }],
  ]),
);

/** Sorts and merges pairs into a set (Go's `cleanClass`). */
export function normalize(pairs: readonly number[]): Ranges {
  const sorted: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) {
    sorted.push([pairs[i], pairs[i + 1]]);
  }
  sorted.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    if (out.length > 0 && lo <= out[out.length - 1] + 1) {
      out[out.length - 1] = Math.max(out[out.length - 1], hi);
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

export function union(a: Ranges, b: Ranges): Ranges {
  return normalize([...a, ...b]);
}

/** Every rune not in the set (Go's `negateClass`). */
export function complement(set: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (next <= set[i] - 1) {
      out.push(next, set[i] - 1);
    }
    next = set[i + 1] + 1;
  }
  if (next <= MAX_RUNE) {
    out.push(next, MAX_RUNE);
  }
  return out;
}

/** Whether `outer` holds every rune of `inner`. */
export function includes(outer: Ranges, inner: Ranges): boolean {
  for (let i = 0; i < inner.length; i += 2) {
    let covered = false;
    for (let j = 0; j < outer.length && !covered; j += 2) {
      covered = outer[j] <= inner[i] && inner[i + 1] <= outer[j + 1];
    }
    if (!covered) {
      return false;
    }
  }
  return true;
}

const ASCII_LETTERS: Ranges = [0x41, 0x5a, 0x61, 0x7a];

/**
 * A superset of the runes case folding adds to a set: both cases of ASCII letters, and for any
 * letter or non-ASCII rune everything that could fold to or from it (`k` folds to the Kelvin sign
 * U+212A, `s` to the long s U+017F, and non-ASCII letters to each other).
 */
export function foldSuperset(set: Ranges): Ranges {
  const touches = (range: Ranges) => {
    for (let i = 0; i < set.length; i += 2) {
      for (let j = 0; j < range.length; j += 2) {
        if (set[i] <= range[j + 1] && range[j] <= set[i + 1]) {
          return true;
        }
      }
    }
    return false;
  };
  if (touches([0x80, MAX_RUNE])) {
    return union(set, [...ASCII_LETTERS, 0x80, MAX_RUNE]);
  }
  if (touches(ASCII_LETTERS)) {
    return union(set, [...ASCII_LETTERS, 0x17f, 0x17f, 0x212a, 0x212a]);
  }
  return set;
}

/** The bounds of an exactly known set, folded when `fold` is set (only `hi` grows). */
export function exactly(set: Ranges, fold: boolean): ClassBounds {
  const clean = normalize(set);
  return { lo: clean, hi: fold ? foldSuperset(clean) : clean };
}

/** The bounds of a negated class or group (`[^…]`, `\D`, `\P{…}`). */
export function negated(b: ClassBounds): ClassBounds {
  return { lo: complement(b.hi), hi: complement(b.lo) };
}

/** The bounds of the union of two classes. */
export function joined(a: ClassBounds, b: ClassBounds): ClassBounds {
  return { lo: union(a.lo, b.lo), hi: union(a.hi, b.hi) };
}

/** The single rune the class holds, when it is known to hold exactly one. */
export function singleRune(b: ClassBounds): number | undefined {
  return b.hi.length === 2 && b.hi[0] === b.hi[1] && b.lo.length === 2 && b.lo[0] === b.hi[0] ? b.lo[0] : undefined;
}
