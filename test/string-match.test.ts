import { StringMatch } from '../src';
import { exactly } from './util/validate';

describe('StringMatch', () => {
  test('RE2-only regex syntax is accepted', () => {
    // GIVEN / WHEN / THEN
    expect(StringMatch.regex('(?i)^bearer .+').value).toBe('(?i)^bearer .+');
    expect(() => StringMatch.regex('(?i:abc)def')).not.toThrow();
    expect(() => StringMatch.regex('(?P<id>[0-9]+)')).not.toThrow();
    expect(() => StringMatch.regex('\\Q(a.b)\\E')).not.toThrow();
    expect(() => StringMatch.regex('a{1000}')).not.toThrow();
    expect(() => StringMatch.regex('(?-i)abc')).not.toThrow();
    expect(() => StringMatch.regex('\\Qa.b(')).not.toThrow();
    expect(() => StringMatch.regex('[]a]')).not.toThrow();
    expect(() => StringMatch.regex('[^]a]')).not.toThrow();
    expect(() => StringMatch.regex('[(?=x)]')).not.toThrow();
    expect(() => StringMatch.regex('(?)')).not.toThrow();
    expect(() => StringMatch.regex('\\p{greek}+')).not.toThrow();
    expect(() => StringMatch.regex('x'.repeat(1024))).not.toThrow();
  });

  test('string matches expose their kind and value', () => {
    expect([StringMatch.exact('a'), StringMatch.prefix('b'), StringMatch.regex('c+'), StringMatch.present()].map(m => [m.kind, m.value]))
      .toEqual([['exact', 'a'], ['prefix', 'b'], ['regex', 'c+'], ['present', '']]);
  });
});

describe('StringMatch', () => {
  test.each([
    ['(', 'missing closing ): `(`'],
    ['[a-', 'missing closing ]: `[a-`'],
    ['[]', 'missing closing ]: `[]`'],
    ['\\', 'trailing backslash at end of expression: ``'],
    ['(?x)', 'invalid or unsupported Perl syntax: `(?x`'],
    ['[(?=x)\\1]', 'invalid escape sequence: `\\1`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['(?=admin)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?<!x)y', 'invalid named capture: `(?<!x)y`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?<n>a)\\k<n>', 'invalid escape sequence: `\\k`'],
    // JavaScript's RegExp accepts these; Go's regexp does not
    ['foo\\y', 'invalid escape sequence: `\\y`'],
    ['foo\\Z', 'invalid escape sequence: `\\Z`'],
    ['[a-\\d]', 'invalid escape sequence: `\\d`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['a\\e', 'invalid escape sequence: `\\e`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
    ['\\u0041', 'invalid escape sequence: `\\u`'],
    ['[\\b]', 'invalid escape sequence: `\\b`'],
    ['a\ud800', 'invalid UTF-8: `\ud800`'],
  ])('regex %p fails: %s', (pattern, reason) => {
    expect(() => StringMatch.regex(pattern))
      .toThrow(exactly(`'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got '${pattern}': ${reason}`));
  });

  test('an empty regex fails', () => {
    expect(() => StringMatch.regex('')).toThrow(exactly("'regex' must not be empty"));
  });
});

describe('boundaries', () => {
  describe('regex length (at most 1024 bytes of UTF-8, as Istio counts it)', () => {
    test('1024 ASCII characters pass and 1025 fail', () => {
      expect(StringMatch.regex('a'.repeat(1024)).value).toHaveLength(1024);
      expect(() => StringMatch.regex('a'.repeat(1025))).toThrow(exactly("'regex' must be at most 1024 bytes in UTF-8 (Istio's limit), got 1025"));
    });

    test('two-byte characters count twice: 512 pass and 513 fail', () => {
      expect(StringMatch.regex('é'.repeat(512)).value).toHaveLength(512);
      expect(() => StringMatch.regex('é'.repeat(513))).toThrow(exactly("'regex' must be at most 1024 bytes in UTF-8 (Istio's limit), got 1026"));
    });

    test('repeat counts up to 1000 pass, above fail', () => {
      expect(StringMatch.regex('a{1000}').value).toBe('a{1000}');
      expect(StringMatch.regex('a{2,1000}').value).toBe('a{2,1000}');
      expect(() => StringMatch.regex('a{1001}'))
        .toThrow(exactly("'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got 'a{1001}': invalid repeat count: `{1001}`"));
      expect(() => StringMatch.regex('a{2,1001}'))
        .toThrow(exactly("'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got 'a{2,1001}': invalid repeat count: `{2,1001}`"));
    });
  });
});
