/**
 * Go's limit on the size of the program a pattern compiles to (`maxSize`), checked as the tree
 * grows (Go's `checkSize` and `calcSize`): nested counted repeats (`(x{1000}){1000}`) reach it, and
 * Go reports "expression too large" for them before it reports the repeat count, so which error a
 * pattern gets depends on when sizes start being tracked and on Go's memo, staleness included.
 */
import { Op, Re2Node } from './ast';
import { Re2Error, Re2ErrorCode } from './errors';

/** Go's `maxSize`: the largest compiled program, in instructions (128 MB of 40-byte instructions). */
const MAX_SIZE = Math.trunc((128 * 1024 * 1024) / 40);

/** The size check of one parse. */
export class SizeLimit {
  /** The product of the repeat counts seen while sizes are not yet tracked. */
  private repeats = 0;
  /** Program sizes by node, once tracked (Go memoizes them, staleness included). */
  private sizes?: Map<Re2Node, number>;

  /** @param whole the pattern, which the error quotes */
  public constructor(private readonly whole: string) {}

  /**
   * Checks a node as it is pushed (Go's `checkSize`): sizes are tracked only once `nodes` (how many
   * nodes the parse has made) times the product of the repeat counts seen could exceed the limit;
   * from then on every pushed node is measured, and the `stack` at that moment first.
   */
  public check(re: Re2Node, nodes: number, stack: readonly Re2Node[]): void {
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
      if (nodes < Math.trunc(MAX_SIZE / this.repeats)) {
        return;
      }
      this.sizes = new Map();
      for (const node of stack) {
        this.check(node, nodes, stack);
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
