import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Op } from '../../src/private/re2/ast';
import { parseRe2, re2Error, Re2ErrorCode } from '../../src/private/re2/parse';
import { canonicalClassName, UNICODE_CLASS_NAMES } from '../../src/private/re2/unicode-names';
import { RE2_CORPUS } from '../util/re2-corpus';

/** Go's answers on the corpus, recorded by test/istio/regex.differential.ts (which checks them against Go). */
const RECORDED: Array<{ pattern: string; error: string | null }> = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 're2-go-verdicts.json'), 'utf8'));

/** Our error as Go prints it (Go writes each byte of a lone surrogate's UTF-8 form as U+FFFD). */
function goStyle(pattern: string): string | null {
  const e = re2Error(pattern);
  return e === undefined ? null
    : `error parsing regexp: ${e.message}`.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd\ufffd\ufffd');
}

describe("the RE2 parser gives Go's verdicts", () => {
  test('the recording covers the whole corpus, in order', () => {
    expect(RECORDED.map(r => r.pattern)).toEqual(RE2_CORPUS);
  });

  test("on every corpus pattern, with Go's whole error message", () => {
    // GIVEN the corpus and Go's recorded answers
    // WHEN / THEN
    const disagreeing = RECORDED.filter(r => goStyle(r.pattern) !== r.error)
      .map(r => `${JSON.stringify(r.pattern)}: go ${r.error ?? 'accepts'}, ours ${goStyle(r.pattern) ?? 'accepts'}`);
    expect(disagreeing).toEqual([]);
  });

  test('the corpus exercises every error Go can report while parsing, and accepts some patterns', () => {
    const codes = new Set(RE2_CORPUS.map(p => re2Error(p)?.code ?? 'accepted'));
    expect([...codes].sort()).toEqual(['accepted', ...Object.values(Re2ErrorCode)].sort());
  });
});

describe('errors, one per kind, as Go words them', () => {
  test.each<[string, string]>([
    ['foo\\y', 'invalid escape sequence: `\\y`'],
    ['foo\\Z', 'invalid escape sequence: `\\Z`'],
    ['a\\e', 'invalid escape sequence: `\\e`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\u0041', 'invalid escape sequence: `\\u`'],
    ['[\\b]', 'invalid escape sequence: `\\b`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
    ['\\x4', 'invalid escape sequence: `\\x4`'],
    ['[a-\\d]', 'invalid escape sequence: `\\d`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
    ['\\p', 'invalid character class range: `\\p`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?i-)a', 'invalid or unsupported Perl syntax: `(?i-)`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['a{2,1}', 'invalid repeat count: `{2,1}`'],
    ['(a{2}){501}', 'invalid repeat count: `{501}`'],
    ['a\ud800', 'invalid UTF-8: `\ud800`'],
    ['[a', 'missing closing ]: `[a`'],
    ['(a', 'missing closing ): `(a`'],
    ['*a', 'missing argument to repetition operator: `*`'],
    ['a|*?', 'missing argument to repetition operator: `*?`'],
    ['a\\', 'trailing backslash at end of expression: ``'],
    ['a)', 'unexpected ): `a)`'],
    ['(?:(?:aaaa){1000}){1000}', 'expression too large: `(?:(?:aaaa){1000}){1000}`'],
  ])('%p fails with %p', (pattern, message) => {
    expect(re2Error(pattern)?.message).toBe(message);
  });

  test.each([
    '(?i)^bearer .+', '(?P<id>[0-9]+)', '(?<id>x)', '\\Q(a.b)\\E', 'a{1000}', '(a{2}){500}', '[]a]', '[^]a]', '\\p{greek}', '\\pL',
    '[[:alpha:]]', '\\x{10FFFF}', '\\Qa.b(', '(?-i)abc', '^*', '(?:(?:aaa){0,1}){1000}',
  ])('%p is accepted', pattern => {
    expect(re2Error(pattern)).toBeUndefined();
  });
});

describe('Unicode class names', () => {
  test('names are looked up case-insensitively, without separators', () => {
    expect(['greek', 'GREEK', 'cased_letter', 'cased-letter', 'Cased Letter', 'lu', 'L'].map(canonicalClassName))
      .toEqual(['Greek', 'Greek', 'Casedletter', 'Casedletter', 'Casedletter', 'Lu', 'L']);
  });

  test('the first character is uppercased even when it is no letter, and later ones keep non-ASCII', () => {
    expect(canonicalClassName('_éA')).toBe('éa');
  });

  test('scripts with several words are out of reach, as in Go 1.26', () => {
    expect(UNICODE_CLASS_NAMES.has('Greek')).toBe(true);
    expect(re2Error('\\p{Old_Italic}')?.message).toBe('invalid character class range: `\\p{Old_Italic}`');
  });
});

describe('the tree', () => {
  test('literals merge, one-rune classes become literals, and alternations are factored', () => {
    const root = parseRe2('a[b]|ac');
    expect(root.op).toBe(Op.CONCAT);
    expect(root.subs.map(s => s.op)).toEqual([Op.LITERAL, Op.CHAR_CLASS]);
    expect(root.subs[0].runes).toEqual([0x61]);
  });

  test('a table and its negation in one class hold every rune', () => {
    expect(parseRe2('[\\p{Greek}\\P{Greek}]').op).toBe(Op.ANY_CHAR);
  });
});
