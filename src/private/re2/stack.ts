/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * The parse stack of Go's RE2 parser (`regexp/syntax/parse.go`): pushing operands, concatenating
 * and alternating them, factoring alternations, repetition, node reuse, and the size limit Go
 * checks as the tree grows. Ported closely, because which error Go reports for an oversized
 * pattern (`expression too large` or `invalid repeat count`) depends on the exact tree and on the
 * order the checks run in.
 */
import { Flags, nodesEqual, Op, Re2Node } from './ast';
import { ALL_BUT_NEWLINE, ALL_RUNES, ClassBounds, exactly, includes, joined, singleRune } from './char-class';
import { Re2Error, Re2ErrorCode } from './errors';

/** Go's largest repeat count (`{n,m}`), and the largest product of nested counts. */
export const MAX_REPEAT = 1000;
/** Go's `maxSize`: the largest compiled program, in instructions (128 MB of 40-byte instructions). */
const MAX_SIZE = Math.trunc((128 << 20) / 40);

/** Whether a node can be merged into a character class (Go's `isCharClass`). */
function isCharClass(re: Re2Node): boolean {
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
function mergeCharClass(dst: Re2Node, src: Re2Node): void {
  if (dst.op === Op.ANY_CHAR || (dst.op === Op.LITERAL && src.runes[0] === dst.runes[0] && src.flags === dst.flags)) {
    return;
  }
  const merged = joined(boundsOf(dst), boundsOf(src));
  const tables = joinTables(dst.tables, src.tables);
  dst.op = Op.CHAR_CLASS;
  dst.runes = [];
  dst.cls = merged;
  dst.tables = tables;
  if (includes(merged.lo, ALL_RUNES)) {
    dst.op = Op.ANY_CHAR;
  } else if (sameSet(merged.lo, ALL_BUT_NEWLINE) && sameSet(merged.hi, ALL_BUT_NEWLINE)) {
    dst.op = Op.ANY_CHAR_NOT_NL;
  }
}

/** Whether nested counted repeats stay within `n` copies of what they repeat (Go's `repeatIsValid`). */
function repeatIsValid(re: Re2Node, n: number): boolean {
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

/** The ASCII letter pairs Go turns into a case-folded literal (`[Aa]`); `k` and `s` fold to three runes. */
function foldPair(b: ClassBounds): number | undefined {
  const [upper, u2, lower, l2] = b.lo;
  const exact = sameSet(b.lo, b.hi) && b.lo.length === 4 && upper === u2 && lower === l2;
  return exact && upper >= 0x41 && upper <= 0x5a && lower === upper + 0x20 && upper !== 0x4b && upper !== 0x53 ? upper : undefined;
}

/** The parse stack; the parser proper (`Parser` in parse.ts) feeds it. */
export class Re2Stack {
  protected flags: number = Flags.PERL;
  protected readonly stack: Re2Node[] = [];
  /** Nodes given back for reuse (Go's free list); reuse decides which node objects the size memo sees. */
  private readonly free: Re2Node[] = [];
  private numRegexp = 0;
  /** The product of the repeat counts seen while sizes are not yet tracked. */
  private repeats = 0;
  /** Program sizes by node, once tracked (Go memoizes them, staleness included). */
  private sizes?: Map<Re2Node, number>;

  public constructor(protected readonly whole: string) {}

  protected newNode(op: Op): Re2Node {
    const re = this.free.pop();
    if (re !== undefined) {
      re.reset(op);
      return re;
    }
    this.numRegexp++;
    return new Re2Node(op, 0);
  }

  protected reuse(re: Re2Node): void {
    this.free.push(re);
  }

  /** Pushes `re`, merging literals and turning one-rune classes into literals (Go's `push`). */
  protected push(re: Re2Node): Re2Node | undefined {
    const single = re.op === Op.CHAR_CLASS ? singleRune(re.cls) : undefined;
    const pair = re.op === Op.CHAR_CLASS && single === undefined ? foldPair(re.cls) : undefined;
    if (single !== undefined || pair !== undefined) {
      const flags = single !== undefined ? this.flags & ~Flags.FOLD_CASE : this.flags | Flags.FOLD_CASE;
      const rune = single ?? pair!;
      if (this.maybeConcat(rune, flags)) {
        return undefined;
      }
      re.op = Op.LITERAL;
      re.runes = [rune];
      re.flags = flags;
    } else {
      this.maybeConcat(-1, 0);
    }
    this.stack.push(re);
    this.checkSize(re);
    return re;
  }

  /**
   * Merges the two literals on top of the stack (Go's `maybeConcat`); with `r` ≥ 0, reuses the top
   * one for `r` and reports that `r` was pushed.
   */
  private maybeConcat(r: number, flags: number): boolean {
    const n = this.stack.length;
    if (n < 2) {
      return false;
    }
    const re1 = this.stack[n - 1];
    const re2 = this.stack[n - 2];
    if (re1.op !== Op.LITERAL || re2.op !== Op.LITERAL || (re1.flags & Flags.FOLD_CASE) !== (re2.flags & Flags.FOLD_CASE)) {
      return false;
    }
    re2.runes.push(...re1.runes);
    if (r >= 0) {
      re1.runes = [r];
      re1.flags = flags;
      return true;
    }
    this.stack.pop();
    this.reuse(re1);
    return false;
  }

  protected literal(r: number): void {
    const re = this.newNode(Op.LITERAL);
    re.flags = this.flags;
    // Go keeps the smallest rune of the case-fold orbit; for ASCII letters that is the uppercase one
    re.runes = [this.flags & Flags.FOLD_CASE && r >= 0x61 && r <= 0x7a ? r - 0x20 : r];
    this.push(re);
  }

  protected op(op: Op): Re2Node | undefined {
    const re = this.newNode(op);
    re.flags = this.flags;
    return this.push(re);
  }

  /** Replaces the top of the stack with it repeated (Go's `repeat`); returns the text after the operator. */
  protected repeat(op: Op, min: number, max: number, before: string, after: string, lastRepeat: string): string {
    let flags = this.flags;
    if (after.length > 0 && after[0] === '?') {
      after = after.slice(1);
      flags ^= Flags.NON_GREEDY;
    }
    const consumed = (text: string) => text.slice(0, text.length - after.length);
    if (lastRepeat !== '') {
      // Perl does not stack repetition operators: a** is a syntax error
      throw new Re2Error(Re2ErrorCode.INVALID_REPEAT_OP, consumed(lastRepeat));
    }
    const n = this.stack.length;
    if (n === 0 || this.stack[n - 1].op >= Op.LEFT_PAREN) {
      throw new Re2Error(Re2ErrorCode.MISSING_REPEAT_ARGUMENT, consumed(before));
    }
    const re = this.newNode(op);
    re.min = min;
    re.max = max;
    re.flags = flags;
    re.subs = [this.stack[n - 1]];
    this.stack[n - 1] = re;
    this.checkSize(re);
    if (op === Op.REPEAT && (min >= 2 || max >= 2) && !repeatIsValid(re, MAX_REPEAT)) {
      throw new Re2Error(Re2ErrorCode.INVALID_REPEAT_SIZE, consumed(before));
    }
    return after;
  }

  /** Replaces the stack above the topmost `|` or `(` with its concatenation. */
  protected concat(): void {
    this.maybeConcat(-1, 0);
    const subs = this.stack.splice(this.pseudoTop());
    this.push(subs.length === 0 ? this.newNode(Op.EMPTY_MATCH) : this.collapse(subs, Op.CONCAT));
  }

  /** Replaces the stack above the topmost `(` with its alternation. */
  protected alternate(): void {
    const subs = this.stack.splice(this.pseudoTop());
    if (subs.length > 0) {
      cleanAlt(subs[subs.length - 1]);
    }
    this.push(subs.length === 0 ? this.newNode(Op.NO_MATCH) : this.collapse(subs, Op.ALTERNATE));
  }

  /** The index just above the topmost pseudo-operator. */
  private pseudoTop(): number {
    let i = this.stack.length;
    while (i > 0 && this.stack[i - 1].op < Op.LEFT_PAREN) {
      i--;
    }
    return i;
  }

  /** `op` over `subs`, flattening nested nodes of the same `op` and factoring alternations (Go's `collapse`). */
  private collapse(subs: Re2Node[], op: Op): Re2Node {
    if (subs.length === 1) {
      return subs[0];
    }
    let re = this.newNode(op);
    for (const sub of subs) {
      if (sub.op === op) {
        re.subs.push(...sub.subs);
        this.reuse(sub);
      } else {
        re.subs.push(sub);
      }
    }
    if (op === Op.ALTERNATE) {
      re.subs = this.factor(re.subs);
      if (re.subs.length === 1) {
        const old = re;
        re = re.subs[0];
        this.reuse(old);
      }
    }
    return re;
  }

  /**
   * Factors common prefixes out of alternation branches (Go's `factor`): common literal prefixes
   * (`ab|ac` → `a(?:b|c)`), common leading single characters or fixed repeats of them, runs of
   * single characters into one class (`a|b` → `[ab]`), and runs of empty matches.
   */
  private factor(sub: Re2Node[]): Re2Node[] {
    sub = this.factorLeadingStrings(sub);
    sub = this.factorLeadingNodes(sub);
    sub = this.mergeCharClasses(sub);
    return sub.filter((s, i) => !(i + 1 < sub.length && s.op === Op.EMPTY_MATCH && sub[i + 1].op === Op.EMPTY_MATCH));
  }

  /** Round 1: branches that begin with the same literal runes. */
  private factorLeadingStrings(sub: Re2Node[]): Re2Node[] {
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
        const prefix = this.newNode(Op.LITERAL);
        prefix.flags = strFlags;
        prefix.runes = [...str];
        for (let j = start; j < i; j++) {
          sub[j] = this.removeLeadingString(sub[j], str.length);
          this.checkSize(sub[j]);
        }
        out.push(this.prefixed(prefix, sub.slice(start, i)));
      }
      start = i;
      str = istr;
      strFlags = iflags;
    }
    return out;
  }

  /** Round 2: branches that begin with the same character class, or the same fixed repeat of one. */
  private factorLeadingNodes(sub: Re2Node[]): Re2Node[] {
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
          sub[j] = this.removeLeadingNode(sub[j], j !== start);
          this.checkSize(sub[j]);
        }
        out.push(this.prefixed(prefix, sub.slice(start, i)));
      }
      start = i;
      first = ifirst;
    }
    return out;
  }

  /** `prefix(?:suffix1|suffix2|…)` */
  private prefixed(prefix: Re2Node, suffixes: Re2Node[]): Re2Node {
    const suffix = this.collapse(suffixes, Op.ALTERNATE);
    const re = this.newNode(Op.CONCAT);
    re.subs = [prefix, suffix];
    return re;
  }

  /** Round 3: runs of single characters and classes become one class. */
  private mergeCharClasses(sub: Re2Node[]): Re2Node[] {
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
          this.reuse(sub[j]);
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
  private removeLeadingString(re: Re2Node, n: number): Re2Node {
    if (re.op === Op.CONCAT && re.subs.length > 0) {
      const sub = this.removeLeadingString(re.subs[0], n);
      re.subs[0] = sub;
      if (sub.op === Op.EMPTY_MATCH) {
        this.reuse(sub);
        if (re.subs.length === 2) {
          const old = re;
          re = re.subs[1];
          this.reuse(old);
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
  private removeLeadingNode(re: Re2Node, reuse: boolean): Re2Node {
    if (re.op === Op.CONCAT && re.subs.length > 0) {
      if (reuse) {
        this.reuse(re.subs[0]);
      }
      re.subs = re.subs.slice(1);
      if (re.subs.length === 1) {
        const old = re;
        re = re.subs[0];
        this.reuse(old);
      }
      return re;
    }
    if (reuse) {
      this.reuse(re);
    }
    return this.newNode(Op.EMPTY_MATCH);
  }

  protected parseVerticalBar(): void {
    this.concat();
    if (!this.swapVerticalBar()) {
      this.op(Op.VERTICAL_BAR);
    }
  }

  /**
   * If the top of the stack is an operand above a `|`, swaps the two (merging single characters
   * into one class) and reports true (Go's `swapVerticalBar`).
   */
  protected swapVerticalBar(): boolean {
    const stack = this.stack;
    const n = stack.length;
    if (n >= 3 && stack[n - 2].op === Op.VERTICAL_BAR && isCharClass(stack[n - 1]) && isCharClass(stack[n - 3])) {
      let re1 = stack[n - 1];
      let re3 = stack[n - 3];
      if (re1.op > re3.op) {
        [re1, re3] = [re3, re1];
        stack[n - 3] = re3;
      }
      mergeCharClass(re3, re1);
      this.reuse(re1);
      stack.pop();
      return true;
    }
    if (n >= 2 && stack[n - 2].op === Op.VERTICAL_BAR) {
      if (n >= 3) {
        cleanAlt(stack[n - 3]);
      }
      [stack[n - 2], stack[n - 1]] = [stack[n - 1], stack[n - 2]];
      return true;
    }
    return false;
  }

  protected parseRightParen(): void {
    this.concat();
    if (this.swapVerticalBar()) {
      this.stack.pop();
    }
    this.alternate();
    const n = this.stack.length;
    if (n < 2 || this.stack[n - 2].op !== Op.LEFT_PAREN) {
      throw new Re2Error(Re2ErrorCode.UNEXPECTED_PAREN, this.whole);
    }
    const re1 = this.stack[n - 1];
    const re2 = this.stack[n - 2];
    this.stack.length = n - 2;
    // restore the flags of the time of the parenthesis
    this.flags = re2.flags;
    if (re2.cap === 0) {
      this.push(re1);
    } else {
      re2.op = Op.CAPTURE;
      re2.subs = [re1];
      this.push(re2);
    }
  }

  /**
   * Go's `checkSize`: sizes are tracked only once the node count times the product of the repeat
   * counts seen could exceed the limit; from then on every pushed node is measured.
   */
  private checkSize(re: Re2Node): void {
    if (this.sizes === undefined) {
      if (this.repeats === 0) {
        this.repeats = 1;
      }
      if (re.op === Op.REPEAT) {
        let n = re.max === -1 ? re.min : re.max;
        if (n <= 0) {
          n = 1;
        }
        this.repeats = n > Math.trunc(MAX_SIZE / this.repeats) ? MAX_SIZE : this.repeats * n;
      }
      if (this.numRegexp < Math.trunc(MAX_SIZE / this.repeats)) {
        return;
      }
      this.sizes = new Map();
      for (const node of this.stack) {
        this.checkSize(node);
      }
    }
    if (this.calcSize(re, true) > MAX_SIZE) {
      throw new Re2Error(Re2ErrorCode.LARGE, this.whole);
    }
  }

  /** The compiled size of a node, memoized per node (Go's `calcSize`). */
  private calcSize(re: Re2Node, force: boolean): number {
    const sizes = this.sizes!;
    const known = sizes.get(re);
    if (!force && known !== undefined) {
      return known;
    }
    let size = 0;
    switch (re.op) {
      case Op.LITERAL:
        size = re.runes.length;
        break;
      case Op.CAPTURE:
      case Op.STAR:
        // a star can take 1 or 2 instructions: assume 2
        size = 2 + this.calcSize(re.subs[0], false);
        break;
      case Op.PLUS:
      case Op.QUEST:
        size = 1 + this.calcSize(re.subs[0], false);
        break;
      case Op.CONCAT:
        size = re.subs.reduce((sum, sub) => sum + this.calcSize(sub, false), 0);
        break;
      case Op.ALTERNATE:
        size = re.subs.reduce((sum, sub) => sum + this.calcSize(sub, false), 0) + (re.subs.length > 1 ? re.subs.length - 1 : 0);
        break;
      case Op.REPEAT: {
        const sub = this.calcSize(re.subs[0], false);
        if (re.max === -1) {
          size = re.min === 0 ? 2 + sub : 1 + re.min * sub;
        } else {
          // x{2,5} = xx(x(x(x)?)?)?
          size = re.max * sub + (re.max - re.min);
        }
        break;
      }
    }
    size = Math.max(1, size);
    sizes.set(re, size);
    return size;
  }
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
