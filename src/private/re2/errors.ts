/**
 * Go's RE2 parse errors (`regexp/syntax.Error`): a code and the part of the pattern it is about.
 */

/** Go's `syntax.ErrorCode`s that parsing can produce. */
export enum Re2ErrorCode {
  INVALID_CHAR_RANGE = 'invalid character class range',
  INVALID_ESCAPE = 'invalid escape sequence',
  INVALID_NAMED_CAPTURE = 'invalid named capture',
  INVALID_PERL_OP = 'invalid or unsupported Perl syntax',
  INVALID_REPEAT_OP = 'invalid nested repetition operator',
  INVALID_REPEAT_SIZE = 'invalid repeat count',
  INVALID_UTF8 = 'invalid UTF-8',
  MISSING_BRACKET = 'missing closing ]',
  MISSING_PAREN = 'missing closing )',
  MISSING_REPEAT_ARGUMENT = 'missing argument to repetition operator',
  TRAILING_BACKSLASH = 'trailing backslash at end of expression',
  UNEXPECTED_PAREN = 'unexpected )',
  LARGE = 'expression too large',
}

/** A parse error; its message is Go's without the `error parsing regexp: ` prefix. */
export class Re2Error extends Error {
  public constructor(public readonly code: Re2ErrorCode, public readonly expr: string) {
    super(`${code}: \`${expr}\``);
  }
}
