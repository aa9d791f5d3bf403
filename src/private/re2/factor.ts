/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * Concatenations and alternations as Go's parser builds them (Go's `collapse`): nested nodes of
 * the same operator flattened, and alternations factored (Go's `factor`) in Go's three rounds
 * (common literal prefixes, common leading classes or fixed repeats of one, runs of single
 * characters into one class), then runs of empty matches dropped. Which nodes are made and given
 * back matters: the size limit sees exactly Go's nodes.
 */
import { Flags, nodesEqual, Op, Re2Node } from './ast';
import { cleanAlt, isCharClass, mergeCharClass } from './single-char';

/** Where the factoring takes nodes from and gives them back to, and checks their size (the parse stack). */
export interface NodePool {
  newNode(op: Op): Re2Node;
  reuse(re: Re2Node): void;
  checkSize(re: Re2Node): void;
}

/** `op` over `subs`, flattening nested nodes of the same `op` and factoring alternations (Go's `collapse`). */
export function collapse(pool: NodePool, subs: Re2Node[], op: Op): Re2Node {
  if (subs.length === 1) {
    return subs[0];
  }
  let re = pool.newNode(op);
  for (const sub of subs) {
    if (sub.op === op) {
      re.subs.push(...sub.subs);
      pool.reuse(sub);
    } else {
      re.subs.push(sub);
    }
  }
  if (op === Op.ALTERNATE) {
    re.subs = factor(pool, re.subs);
    if (re.subs.length === 1) {
      const old = re;
      re = re.subs[0];
      pool.reuse(old);
    }
  }
  return re;
}

/**
 * Factors common prefixes out of alternation branches (Go's `factor`): common literal prefixes
 * (`ab|ac` → `a(?:b|c)`), common leading single characters or fixed repeats of them, runs of
 * single characters into one class (`a|b` → `[ab]`), and runs of empty matches.
 */
function factor(pool: NodePool, sub: Re2Node[]): Re2Node[] {
  sub = factorLeadingStrings(pool, sub);
  sub = factorLeadingNodes(pool, sub);
  sub = mergeCharClasses(pool, sub);
  return sub.filter((s, i) => !(i + 1 < sub.length && s.op === Op.EMPTY_MATCH && sub[i + 1].op === Op.EMPTY_MATCH));
}

/** Round 1: branches that begin with the same literal runes. */
function factorLeadingStrings(pool: NodePool, sub: Re2Node[]): Re2Node[] {
  const out: Re2Node[] = [];
  let str: number[] = [];
  let strFlags = 0;
  let start = 0;
  for (let i = 0; i <= sub.length; i++) {
    let istr: number[] = [];
    let iflags = 0;
    if (i < sub.length) {
      [istr, iflags] = leadingString(sub[i]);
      if (iflags === strFlags) {
        let same = 0;
        while (same < str.length && same < istr.length && str[same] === istr[same]) {
          same++;
        }
        if (same > 0) {
          // at least one rune in common: keep going
          str = str.slice(0, same);
          continue;
        }
      }
    }
    // sub[start:i] all begin with str, sub[i] does not
    if (i === start + 1) {
      out.push(sub[start]);
    } else if (i > start + 1) {
      const prefix = pool.newNode(Op.LITERAL);
      prefix.flags = strFlags;
      prefix.runes = [...str];
      for (let j = start; j < i; j++) {
        sub[j] = removeLeadingString(pool, sub[j], str.length);
        pool.checkSize(sub[j]);
      }
      out.push(prefixed(pool, prefix, sub.slice(start, i)));
    }
    start = i;
    str = istr;
    strFlags = iflags;
  }
  return out;
}

/** Round 2: branches that begin with the same character class, or the same fixed repeat of one. */
function factorLeadingNodes(pool: NodePool, sub: Re2Node[]): Re2Node[] {
  const out: Re2Node[] = [];
  let start = 0;
  let first: Re2Node | undefined;
  for (let i = 0; i <= sub.length; i++) {
    let ifirst: Re2Node | undefined;
    if (i < sub.length) {
      ifirst = leadingNode(sub[i]);
      if (first !== undefined && ifirst !== undefined && nodesEqual(first, ifirst)
        && (isCharClass(first) || (first.op === Op.REPEAT && first.min === first.max && isCharClass(first.subs[0])))) {
        continue;
      }
    }
    if (i === start + 1) {
      out.push(sub[start]);
    } else if (i > start + 1) {
      const prefix = first!;
      for (let j = start; j < i; j++) {
        sub[j] = removeLeadingNode(pool, sub[j], j !== start);
        pool.checkSize(sub[j]);
      }
      out.push(prefixed(pool, prefix, sub.slice(start, i)));
    }
    start = i;
    first = ifirst;
  }
  return out;
}

/** `prefix(?:suffix1|suffix2|…)` */
function prefixed(pool: NodePool, prefix: Re2Node, suffixes: Re2Node[]): Re2Node {
  const suffix = collapse(pool, suffixes, Op.ALTERNATE);
  const re = pool.newNode(Op.CONCAT);
  re.subs = [prefix, suffix];
  return re;
}

/** Round 3: runs of single characters and classes become one class. */
function mergeCharClasses(pool: NodePool, sub: Re2Node[]): Re2Node[] {
  const out: Re2Node[] = [];
  let start = 0;
  for (let i = 0; i <= sub.length; i++) {
    if (i < sub.length && isCharClass(sub[i])) {
      continue;
    }
    if (i === start + 1) {
      out.push(sub[start]);
    } else if (i > start + 1) {
      // merge into the most complex one
      let max = start;
      for (let j = start + 1; j < i; j++) {
        if (sub[max].op < sub[j].op || (sub[max].op === sub[j].op && runeCount(sub[max]) < runeCount(sub[j]))) {
          max = j;
        }
      }
      [sub[start], sub[max]] = [sub[max], sub[start]];
      for (let j = start + 1; j < i; j++) {
        mergeCharClass(sub[start], sub[j]);
        pool.reuse(sub[j]);
      }
      cleanAlt(sub[start]);
      out.push(sub[start]);
    }
    if (i < sub.length) {
      out.push(sub[i]);
    }
    start = i + 1;
  }
  return out;
}

/** Removes the first `n` runes of the leading literal (Go's `removeLeadingString`). */
function removeLeadingString(pool: NodePool, re: Re2Node, n: number): Re2Node {
  if (re.op === Op.CONCAT && re.subs.length > 0) {
    const sub = removeLeadingString(pool, re.subs[0], n);
    re.subs[0] = sub;
    if (sub.op === Op.EMPTY_MATCH) {
      pool.reuse(sub);
      if (re.subs.length === 2) {
        const old = re;
        re = re.subs[1];
        pool.reuse(old);
      } else {
        re.subs = re.subs.slice(1);
      }
    }
    return re;
  }
  if (re.op === Op.LITERAL) {
    re.runes = re.runes.slice(n);
    if (re.runes.length === 0) {
      re.op = Op.EMPTY_MATCH;
    }
  }
  return re;
}

/** Removes the leading node, giving it back for reuse when `reuse` (Go's `removeLeadingRegexp`). */
function removeLeadingNode(pool: NodePool, re: Re2Node, reuse: boolean): Re2Node {
  if (re.op === Op.CONCAT && re.subs.length > 0) {
    if (reuse) {
      pool.reuse(re.subs[0]);
    }
    re.subs = re.subs.slice(1);
    if (re.subs.length === 1) {
      const old = re;
      re = re.subs[0];
      pool.reuse(old);
    }
    return re;
  }
  if (reuse) {
    pool.reuse(re);
  }
  return pool.newNode(Op.EMPTY_MATCH);
}

/** The literal runes a branch begins with, and their fold flag (Go's `leadingString`). */
function leadingString(re: Re2Node): [number[], number] {
  if (re.op === Op.CONCAT && re.subs.length > 0) {
    re = re.subs[0];
  }
  return re.op === Op.LITERAL ? [re.runes, re.flags & Flags.FOLD_CASE] : [[], 0];
}

/** The node a branch begins with (Go's `leadingRegexp`). */
function leadingNode(re: Re2Node): Re2Node | undefined {
  if (re.op === Op.EMPTY_MATCH) {
    return undefined;
  }
  if (re.op === Op.CONCAT && re.subs.length > 0) {
    return re.subs[0].op === Op.EMPTY_MATCH ? undefined : re.subs[0];
  }
  return re;
}

/** How many class bounds a node holds, to pick the node others merge into. */
function runeCount(re: Re2Node): number {
  return re.op === Op.LITERAL ? re.runes.length : re.cls.hi.length;
}
