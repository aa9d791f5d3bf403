/* eslint-disable no-bitwise */ // Go's parse flags are a bit set; the port keeps them one
/**
 * Perl's group syntax after `(?` (Go's `parsePerlFlags`): named captures (`(?P<name>`,
 * `(?<name>`), flag changes (`(?i)`, `(?s-m)`) and non-capturing groups with flags (`(?i:`), with
 * Go's errors for a bad name or anything else after `(?`.
 */
import { Flags } from './ast';
import { Re2Error, Re2ErrorCode } from './errors';
import { checkUtf8, code, consumed, isAlnum, nextRune } from './runes';

/** What a `(?` opens: a named capture, or new flags (for a group, or for the rest of the current one). */
export type PerlGroup =
  | { readonly kind: 'capture'; readonly name: string; readonly rest: string }
  | { readonly kind: 'flags'; readonly flags: number; readonly group: boolean; readonly rest: string };

/** `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at the start of `s` (which starts with `(?`), under `flags`. */
export function parsePerlGroup(s: string, flags: number): PerlGroup {
  const startsWithP = s.length > 4 && s[2] === 'P' && s[3] === '<';
  const startsWithName = s.length > 3 && s[2] === '<';
  if (startsWithP || startsWithName) {
    const end = s.indexOf('>');
    if (end < 0) {
      checkUtf8(s);
      throw new Re2Error(Re2ErrorCode.INVALID_NAMED_CAPTURE, s);
    }
    const name = s.slice(startsWithP ? 4 : 3, end);
    checkUtf8(name);
    if (name === '' || ![...name].every(c => c === '_' || isAlnum(c.codePointAt(0)!))) {
      throw new Re2Error(Re2ErrorCode.INVALID_NAMED_CAPTURE, s.slice(0, end + 1));
    }
    return { kind: 'capture', name, rest: s.slice(end + 1) };
  }

  // a non-capturing group, flag changes, or both
  let t = s.slice(2);
  let sign = +1;
  let sawFlag = false;
  loop: while (t !== '') {
    const [c, rest] = nextRune(t);
    t = rest;
    switch (String.fromCodePoint(c)) {
      case 'i':
        flags |= Flags.FOLD_CASE;
        sawFlag = true;
        break;
      case 'm':
        flags &= ~Flags.ONE_LINE;
        sawFlag = true;
        break;
      case 's':
        flags |= Flags.DOT_NL;
        sawFlag = true;
        break;
      case 'U':
        flags |= Flags.NON_GREEDY;
        sawFlag = true;
        break;
      case '-':
        if (sign < 0) {
          break loop;
        }
        sign = -1;
        // invert the flags so that the settings above clear them; inverted back at the end
        flags = ~flags;
        sawFlag = false;
        break;
      case ':':
      case ')':
        if (sign < 0) {
          if (!sawFlag) {
            break loop;
          }
          flags = ~flags;
        }
        return { kind: 'flags', flags, group: c === code(':'), rest: t };
      default:
        break loop;
    }
  }
  throw new Re2Error(Re2ErrorCode.INVALID_PERL_OP, consumed(s, t));
}
