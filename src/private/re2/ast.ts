/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * The syntax tree of an RE2 pattern, shaped like Go's `regexp/syntax.Regexp`: the same operators
 * (in Go's order, which the parser compares) and flags.
 */
import { ClassBounds, NO_RUNES } from './char-class';

/** Operators (Go's `syntax.Op`, same values); `LEFT_PAREN` and `VERTICAL_BAR` live only on the parse stack. */
export enum Op {
  NO_MATCH = 1,
  EMPTY_MATCH,
  LITERAL,
  CHAR_CLASS,
  ANY_CHAR_NOT_NL,
  ANY_CHAR,
  BEGIN_LINE,
  END_LINE,
  BEGIN_TEXT,
  END_TEXT,
  WORD_BOUNDARY,
  NO_WORD_BOUNDARY,
  CAPTURE,
  STAR,
  PLUS,
  QUEST,
  REPEAT,
  CONCAT,
  ALTERNATE,
  /** Pseudo-operators: `(` and `|` waiting on the parse stack. */
  LEFT_PAREN = 128,
  VERTICAL_BAR,
}

/** Parse flags (Go's `syntax.Flags`, same bits). */
export const Flags = {
  FOLD_CASE: 1,
  CLASS_NL: 4,
  DOT_NL: 8,
  ONE_LINE: 16,
  NON_GREEDY: 32,
  PERL_X: 64,
  UNICODE_GROUPS: 128,
  WAS_DOLLAR: 256,
  /** What `regexp.Compile` parses with (`syntax.Perl`). */
  PERL: 4 | 16 | 64 | 128,
} as const;

const NO_CLASS: ClassBounds = { lo: NO_RUNES, hi: NO_RUNES };

/** A node of the tree. */
export class Re2Node {
  /** Operands of CAPTURE, STAR, PLUS, QUEST, REPEAT (one), CONCAT and ALTERNATE. */
  public subs: Re2Node[] = [];
  /** The runes of a LITERAL. */
  public runes: number[] = [];
  /** The runes of a CHAR_CLASS. */
  public cls: ClassBounds = NO_CLASS;
  /** The Unicode tables a CHAR_CLASS names, with their signs (`+Greek,-L`), which its bounds do not carry. */
  public tables = '';
  /** Bounds of a REPEAT (`max` -1: unbounded). */
  public min = 0;
  public max = 0;
  /** The capture index of a CAPTURE or LEFT_PAREN (0: a non-capturing group). */
  public cap = 0;
  /** The name of a named capture. */
  public name = '';

  public constructor(public op: Op, public flags: number) {}

  /** Makes the node a fresh one (Go's `*re = Regexp{}` when a node is reused). */
  public reset(op: Op): void {
    this.op = op;
    this.flags = 0;
    this.subs = [];
    this.runes = [];
    this.cls = NO_CLASS;
    this.tables = '';
    this.min = 0;
    this.max = 0;
    this.cap = 0;
    this.name = '';
  }
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Whether two trees have the same structure (Go's `Regexp.Equal`). */
export function nodesEqual(x: Re2Node, y: Re2Node): boolean {
  if (x.op !== y.op) {
    return false;
  }
  switch (x.op) {
    case Op.END_TEXT:
      // the flags remember whether this is \z or $
      return (x.flags & Flags.WAS_DOLLAR) === (y.flags & Flags.WAS_DOLLAR);
    case Op.LITERAL:
      return (x.flags & Flags.FOLD_CASE) === (y.flags & Flags.FOLD_CASE) && sameNumbers(x.runes, y.runes);
    case Op.CHAR_CLASS:
      return (x.flags & Flags.FOLD_CASE) === (y.flags & Flags.FOLD_CASE) && sameNumbers(x.cls.lo, y.cls.lo)
        && sameNumbers(x.cls.hi, y.cls.hi) && x.tables === y.tables;
    case Op.ALTERNATE:
    case Op.CONCAT:
      return x.subs.length === y.subs.length && x.subs.every((s, i) => nodesEqual(s, y.subs[i]));
    case Op.STAR:
    case Op.PLUS:
    case Op.QUEST:
      return (x.flags & Flags.NON_GREEDY) === (y.flags & Flags.NON_GREEDY) && nodesEqual(x.subs[0], y.subs[0]);
    case Op.REPEAT:
      return (x.flags & Flags.NON_GREEDY) === (y.flags & Flags.NON_GREEDY) && x.min === y.min && x.max === y.max
        && nodesEqual(x.subs[0], y.subs[0]);
    case Op.CAPTURE:
      return x.cap === y.cap && x.name === y.name && nodesEqual(x.subs[0], y.subs[0]);
    default:
      return true;
  }
}
