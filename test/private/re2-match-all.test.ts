import { regexMatchesEveryValue } from '../../src/private/re2/match-all';

describe('regexes that match every value', () => {
  test.each([
    '.*', '(?s).*', '(?s:.*)', '[\\s\\S]*', '[\\d\\D]*', '[\\w\\W]*', '[^\\n]*', '[^a]*|a*(?:.*)', '(.|\\n)*', '(?:.|\\n)*', '^.*$', '^(.*)$',
    '(^.*$)', '\\A.*\\z', '(?m)^.*$', '.*|x', 'x|.*', '(?:.*)', '((.*))', '.*.*', '.*?', '(?U).*', '.*(?:)', '(?:)*.*', '(.*)?', '(.*)+',
    '(.*){2}', '(.*){0,3}', '(.*){1,}', '.{0,}', '(?:.|)+', '(?:.|){0,}', '(?:.|){1,}', '\\p{Any}*', '[\\p{Greek}\\P{Greek}]*',
    '[[:ascii:][:^ascii:]]*', '(?i)[^k]*|k*(?:.*)', '(.*|a)', '^^.*$$', '(?:^)(.*)(?:$)', '(?s)(?:.*)', '.*(?s)', '.*|', 'a*.*b*',
    'a?(?:.*)x*', '^a*.*$', '(.|)*', 'a{0,2}.*', '(a*b*).*', '(?:a*.*)+', '.+|', '|.+', '(.+)?', '(?:.+){0,1}', '(?:.+)*', 'a|.+|',
    '(?:..*)?', '(?:.*.)?', '^(?:.+|)$', '(.{1,}|x*)',
  ])('%p matches every value', pattern => {
    expect(regexMatchesEveryValue(pattern)).toBe(true);
  });

  test.each([
    '.', '.+', '..*', 'a*', '.*a', 'a.*', '[^a]*', '(?i)[^k]*', '\\w*', '\\S*', '.*\\b', '\\b.*', '(.*){0}', '(.*){0,0}', '.{1,}', '(.|\\n)+',
    '(?:.|\\n){1,}', '.*^', '$.*', '\\z.*', '.*\\A', '^', '', '()', '(?:)', '\\p{Greek}*', '\\P{Greek}*', '[\\p{Greek}\\P{Latin}]*',
    '(?i)[^a]*', 'a+.*', '(.*)a', '.*(?:a|)b', 'a{1,2}.*', '(a*b).*', '(?:a.*)+', '(x|)*', '.+|a', '(?:.+){2,}', '(?:.+){0}',
    '(?:..+)?', '(?:a.*)?', '.{2,}|', '.{0,1000}', 'x*|y*', '[^\\x00]*', '(?m)a^.*',
  ])('%p does not', pattern => {
    expect(regexMatchesEveryValue(pattern)).toBe(false);
  });

  test('an invalid pattern matches nothing', () => {
    expect(regexMatchesEveryValue('(.*')).toBe(false);
  });

  describe('values that start with a prefix (paths start with /)', () => {
    test.each(['/.*', '^/.*$', '/(.*)', '(/.*)', '/.*|x', '(?i)/.*', '/(?:.*)', '/.*$', '.*', '(?s)/.*', '\\/.*', '[/].*', '/[\\s\\S]*',
      '.+', '(/).*', '[^k].*', '..*', '.*.', '\\S.*', '(?:.+)', '.{1,}', '(?:.+){1,3}', '[\\s\\S]+', '[^\\n].*'])(
      '%p matches every path', pattern => {
        expect(regexMatchesEveryValue(pattern, '/')).toBe(true);
      });

    test.each(['/', '/.+', '/a.*', 'a/.*', '/.*a', '//.*', '/+.*', '^/', '..+', '[^/].*', '.{2,}', '(?:.+){2}', '\\w.*'])('%p does not', pattern => {
      expect(regexMatchesEveryValue(pattern, '/')).toBe(false);
    });

    test('a longer prefix is consumed by several literals in turn', () => {
      expect(regexMatchesEveryValue('/api(?:/.*|/.*)', '/api/')).toBe(true);
      expect(regexMatchesEveryValue('/api(?:/a.*|/b.*)', '/api/')).toBe(false);
      expect(regexMatchesEveryValue('/ap(?i)i/.*', '/api/')).toBe(true);
      expect(regexMatchesEveryValue('(?i)/API/.*', '/api/')).toBe(true);
      expect(regexMatchesEveryValue('/API/.*', '/api/')).toBe(false);
    });

    test('without the prefix, a prefixed pattern does not match every value', () => {
      expect(regexMatchesEveryValue('/.*')).toBe(false);
    });
  });

  test('verdicts are cached per pattern and prefix', () => {
    expect(regexMatchesEveryValue('/.*', '/')).toBe(true);
    expect(regexMatchesEveryValue('/.*', '')).toBe(false);
  });
});
