/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * A port of Go's RE2 parser (`regexp/syntax/parse.go`, with the `syntax.Perl` flags that
 * `regexp.Compile` uses, which is how Istio's validation webhook checks every regex): the same
 * parse stack, node reuse and factoring of alternations, the same checks in the same order, and
 * Go's error codes and expressions, so a pattern is refused here exactly when Istio refuses it,
 * with Go's message.
 *
 * This file reads the pattern token by token (Go's `parse`) and feeds the parse stack (stack.ts);
 * the syntax of escapes (escape.ts), classes (class-syntax.ts), `(?` groups (group.ts) and counted
 * repeats (repeat.ts) is read by its own file.
 *
 * Left out, on purpose:
 * - POSIX-only paths (regexp.Compile always parses with Perl flags).
 * - The nesting limit (`maxHeight`, 1000 levels) and the rune limit (`maxRunes`, 33 million runes
 *   in classes): Istio refuses patterns over 1024 bytes before compiling them, and 1024 bytes
 *   reach neither (at most about 800 levels, and under a million class runes).
 * The size limit (`maxSize`, size.ts) is kept: nested counted repeats (`(x{1000}){1000}`) reach
 * it, and Go reports "expression too large" for them before it reports the repeat count.
 */
import { Flags, Op, Re2Node } from './ast';
import { ClassBuilder, newBuilder, parseClass, parsePerlClassEscape, parseUnicodeClass } from './class-syntax';
import { Re2Error, Re2ErrorCode } from './errors';
import { parseEscape } from './escape';
import { parsePerlGroup } from './group';
import { MAX_REPEAT, parseRepeat } from './repeat';
import { code, consumed, nextRune } from './runes';
import { Re2Stack } from './stack';

export { Re2Error, Re2ErrorCode } from './errors';

/**
 * Parses a pattern as Go's `regexp.Compile` does.
 *
 * @throws Re2Error when Go refuses the pattern
 */
export function parseRe2(pattern: string): Re2Node {
  return new Parser(pattern).parse();
}

/** Go's error for the pattern, or undefined when Go compiles it. */
export function re2Error(pattern: string): Re2Error | undefined {
  try {
    parseRe2(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof Re2Error) {
      return e;
    }
    throw e;
  }
}

/** The tokens of a pattern, fed to the parse stack (Go's `parse`). */
class Parser extends Re2Stack {
  private numCap = 0;

  public parse(): Re2Node {
    let t = this.whole;
    let lastRepeat = '';
    while (t !== '') {
      let repeat = '';
      switch (t[0]) {
        case '(':
          if (t.length >= 2 && t[1] === '?') {
            t = this.parsePerlFlags(t);
            break;
          }
          this.openCapture();
          t = t.slice(1);
          break;
        case '|':
          this.parseVerticalBar();
          t = t.slice(1);
          break;
        case ')':
          this.parseRightParen();
          t = t.slice(1);
          break;
        case '^':
          this.op(this.flags & Flags.ONE_LINE ? Op.BEGIN_TEXT : Op.BEGIN_LINE);
          t = t.slice(1);
          break;
        case '$':
          if (this.flags & Flags.ONE_LINE) {
            this.op(Op.END_TEXT)!.flags |= Flags.WAS_DOLLAR;
          } else {
            this.op(Op.END_LINE);
          }
          t = t.slice(1);
          break;
        case '.':
          this.op(this.flags & Flags.DOT_NL ? Op.ANY_CHAR : Op.ANY_CHAR_NOT_NL);
          t = t.slice(1);
          break;
        case '[': {
          const re = this.newClass();
          const builder = newBuilder();
          t = parseClass(t, builder, this.foldCase());
          this.pushClass(re, builder);
          break;
        }
        case '*':
        case '+':
        case '?': {
          const before = t;
          const op = t[0] === '*' ? Op.STAR : t[0] === '+' ? Op.PLUS : Op.QUEST;
          t = this.repeat(op, 0, 0, before, t.slice(1), lastRepeat);
          repeat = before;
          break;
        }
        case '{': {
          const before = t;
          const parsed = parseRepeat(t);
          if (parsed === undefined) {
            // not a repeat: `{` is a literal
            this.literal(code('{'));
            t = t.slice(1);
            break;
          }
          const { min, max, rest } = parsed;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw new Re2Error(Re2ErrorCode.INVALID_REPEAT_SIZE, consumed(before, rest));
          }
          t = this.repeat(Op.REPEAT, min, max, before, rest, lastRepeat);
          repeat = before;
          break;
        }
        case '\\':
          t = this.parseBackslash(t);
          break;
        default: {
          const [c, rest] = nextRune(t);
          this.literal(c);
          t = rest;
        }
      }
      lastRepeat = repeat;
    }
    this.concat();
    if (this.swapVerticalBar()) {
      this.stack.pop();
    }
    this.alternate();
    if (this.stack.length !== 1) {
      throw new Re2Error(Re2ErrorCode.MISSING_PAREN, this.whole);
    }
    return this.stack[0];
  }

  /** A backslash outside a class: an assertion, `\Q…\E`, a class escape or a single-character escape. */
  private parseBackslash(t: string): string {
    if (t.length >= 2) {
      switch (t[1]) {
        case 'A':
          this.op(Op.BEGIN_TEXT);
          return t.slice(2);
        case 'b':
          this.op(Op.WORD_BOUNDARY);
          return t.slice(2);
        case 'B':
          this.op(Op.NO_WORD_BOUNDARY);
          return t.slice(2);
        case 'C':
          // any byte: not supported
          throw new Re2Error(Re2ErrorCode.INVALID_ESCAPE, t.slice(0, 2));
        case 'Q': {
          // \Q … \E: literal text (up to the end when \E is missing)
          const end = t.indexOf('\\E', 2);
          let lit = end < 0 ? t.slice(2) : t.slice(2, end);
          while (lit !== '') {
            const [c, rest] = nextRune(lit);
            this.literal(c);
            lit = rest;
          }
          return end < 0 ? '' : t.slice(end + 2);
        }
        case 'z':
          this.op(Op.END_TEXT);
          return t.slice(2);
      }
    }
    // Go allocates the class node first and gives it back when the escape is no class
    const re = this.newClass();
    const builder = newBuilder();
    const fold = this.foldCase();
    const rest = parseUnicodeClass(t, builder, fold) ?? parsePerlClassEscape(t, builder, fold);
    if (rest !== undefined) {
      this.pushClass(re, builder);
      return rest;
    }
    this.reuse(re);
    const [c, after] = parseEscape(t);
    this.literal(c);
    return after;
  }

  /** `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at the start of `s` (which starts with `(?`). */
  private parsePerlFlags(s: string): string {
    const group = parsePerlGroup(s, this.flags);
    if (group.kind === 'capture') {
      this.openCapture(group.name);
    } else {
      if (group.group) {
        // the group keeps the flags of its start, which `)` restores
        this.op(Op.LEFT_PAREN);
      }
      this.flags = group.flags;
    }
    return group.rest;
  }

  /** `(` of a capturing group, named or not. */
  private openCapture(name?: string): void {
    this.numCap++;
    const re = this.op(Op.LEFT_PAREN)!;
    re.cap = this.numCap;
    if (name !== undefined) {
      re.name = name;
    }
  }

  private foldCase(): boolean {
    return (this.flags & Flags.FOLD_CASE) !== 0;
  }

  /** A class node, allocated (as Go does) before its syntax is read. */
  private newClass(): Re2Node {
    const re = this.newNode(Op.CHAR_CLASS);
    re.flags = this.flags;
    return re;
  }

  private pushClass(re: Re2Node, builder: ClassBuilder): void {
    re.cls = builder.bounds;
    re.tables = [...builder.tables].sort().join(',');
    this.push(re);
  }
}
