/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * The parse stack of Go's RE2 parser (`regexp/syntax/parse.go`): operands and the pseudo-operators
 * `(` and `|` waiting for their operands, literals merged as they are pushed, repetition applied
 * to the top, `|` and `)` reducing the stack to concatenations and alternations, and Go's free
 * list of nodes. Ported closely, because which error Go reports for an oversized pattern
 * (`expression too large` or `invalid repeat count`) depends on the exact tree and on the order
 * the checks run in.
 */
import { Flags, Op, Re2Node } from './ast';
import { singleRune } from './char-class';
import { Re2Error, Re2ErrorCode } from './errors';
import { collapse, NodePool } from './factor';
import { MAX_REPEAT, repeatIsValid } from './repeat';
import { cleanAlt, foldPair, isCharClass, mergeCharClass } from './single-char';
import { SizeLimit } from './size';

/** The parse stack; the parser proper (`Parser` in parse.ts) feeds it. */
export class Re2Stack implements NodePool {
  protected flags: number = Flags.PERL;
  protected readonly stack: Re2Node[] = [];
  /** Nodes given back for reuse (Go's free list); reuse decides which node objects the size memo sees. */
  private readonly free: Re2Node[] = [];
  private numRegexp = 0;
  private readonly size: SizeLimit;

  public constructor(protected readonly whole: string) {
    this.size = new SizeLimit(whole);
  }

  public newNode(op: Op): Re2Node {
    const re = this.free.pop();
    if (re !== undefined) {
      re.reset(op);
      return re;
    }
    this.numRegexp++;
    return new Re2Node(op, 0);
  }

  public reuse(re: Re2Node): void {
    this.free.push(re);
  }

  public checkSize(re: Re2Node): void {
    this.size.check(re, this.numRegexp, this.stack);
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
    this.push(subs.length === 0 ? this.newNode(Op.EMPTY_MATCH) : collapse(this, subs, Op.CONCAT));
  }

  /** Replaces the stack above the topmost `(` with its alternation. */
  protected alternate(): void {
    const subs = this.stack.splice(this.pseudoTop());
    if (subs.length > 0) {
      cleanAlt(subs[subs.length - 1]);
    }
    this.push(subs.length === 0 ? this.newNode(Op.NO_MATCH) : collapse(this, subs, Op.ALTERNATE));
  }

  /** The index just above the topmost pseudo-operator. */
  private pseudoTop(): number {
    let i = this.stack.length;
    while (i > 0 && this.stack[i - 1].op < Op.LEFT_PAREN) {
      i--;
    }
    return i;
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
}
