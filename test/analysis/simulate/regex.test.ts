import { compileRe2 } from '../../../src/analysis/simulate/regex';

/** Whether the pattern fully matches the value; throws when it cannot be evaluated. */
function full(pattern: string, value: string): boolean {
  const c = compileRe2(pattern);
  if (!('test' in c)) throw new Error(c.problem);
  return c.test(value);
}

describe('RE2 patterns evaluated as Envoy does', () => {
  test('GIVEN a pattern, THEN it must match the whole value', () => {
    expect(full('ab', 'ab')).toBe(true);
    expect(full('ab', 'abc')).toBe(false);
    expect(full('b', 'abc')).toBe(false);
    expect(full('a|ab', 'ab')).toBe(true);
  });

  test('GIVEN ASCII case folding, THEN both cases match, and k and s also match their non-ASCII folds', () => {
    expect(full('(?i)abc', 'AbC')).toBe(true);
    expect(full('(?i)abc', 'abd')).toBe(false);
    expect(full('(?i)k', '\u212a')).toBe(true);
    expect(full('(?i)s', '\u017f')).toBe(true);
    expect(full('k', '\u212a')).toBe(false);
  });

  test('GIVEN dot, THEN it matches any character but the line feed, unless (?s)', () => {
    expect(full('a.c', 'a\u00e9c')).toBe(true);
    expect(full('a.c', 'a\nc')).toBe(false);
    expect(full('(?s)a.c', 'a\nc')).toBe(true);
  });

  test('GIVEN RE2-only syntax (\\z, \\Q…\\E, POSIX classes, named groups), THEN it is read as RE2 reads it', () => {
    expect(full('a\\z', 'a')).toBe(true);
    expect(full('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(full('\\Qa.b\\E', 'axb')).toBe(false);
    expect(full('[[:digit:]]+', '123')).toBe(true);
    expect(full('[[:digit:]]+', '12a')).toBe(false);
    expect(full('(?P<v>v[0-9])', 'v1')).toBe(true);
  });

  test('GIVEN counted repeats, THEN their bounds hold', () => {
    expect(full('a{2,3}', 'aaa')).toBe(true);
    expect(full('a{2,3}', 'aaaa')).toBe(false);
    expect(full('a{2,}', 'aaaa')).toBe(true);
    expect(full('a{2,}', 'a')).toBe(false);
  });

  test('GIVEN a pattern Istio refuses, THEN it is not evaluated, with Go\'s reason', () => {
    expect(compileRe2('a**')).toEqual({
      problem: "Istio refuses the regex: 'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got 'a**': invalid nested repetition operator: `**`",
    });
    expect(compileRe2('')).toEqual({ problem: "Istio refuses the regex: 'regex' must not be empty" });
  });

  test('GIVEN a Unicode table, THEN it is not evaluated, with a reason', () => {
    const c = compileRe2('\\p{Greek}+');
    expect('problem' in c && c.problem).toBe("the simulator cannot evaluate the regex '\\p{Greek}+' (a Unicode table or case folding in a class)");
  });
});
