/**
 * Counted repetition (`x{n}`, `x{n,}`, `x{n,m}`): its syntax, and Go's limits on the counts, alone
 * (at most 1000) and nested (`(x{n}){m}`: at most 1000 copies in all).
 */
import { Op, Re2Node } from './ast';
import { code, isDigit } from './runes';

/** Go's largest repeat count (`{n,m}`), and the largest product of nested counts. */
export const MAX_REPEAT = 1000;

/**
 * `{min}`, `{min,}` or `{min,max}` at the start of `s` (Go's `parseRepeat`; `max` -1: unbounded,
 * a count of 10^8 or more: -1 too); undefined when `s` does not start with one (`{` is then a literal).
 */
export function parseRepeat(s: string): { min: number; max: number; rest: string } | undefined {
  s = s.slice(1);
  const first = parseCount(s);
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
      const second = parseCount(s);
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
function parseCount(s: string): { n: number; rest: string } | undefined {
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

/** Whether nested counted repeats stay within `n` copies of what they repeat (Go's `repeatIsValid`). */
export function repeatIsValid(re: Re2Node, n: number): boolean {
  if (re.op === Op.REPEAT) {
    let m = re.max;
    if (m === 0) {
      return true;
    }
    if (m < 0) {
      m = re.min;
    }
    if (m > n) {
      return false;
    }
    if (m > 0) {
      n = Math.trunc(n / m);
    }
  }
  return re.subs.every(sub => repeatIsValid(sub, n));
}
