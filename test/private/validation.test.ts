import { annotationProblems, ANNOTATIONS_MAX_BYTES, envNameProblem, int32Problem } from '../../src/private/validation';

const KEY_RULE = "(an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

describe('annotations', () => {
  test.each(['a', 'A', 'prometheus.io/scrape', 'Example.COM/Key', 'x'.repeat(63), `${'a'.repeat(253)}/b`])('key %p is accepted', key => {
    expect(annotationProblems('podAnnotations', { [key]: 'v' })).toEqual([]);
  });

  test.each(['a b', '-a', 'x'.repeat(64), 'example.com/', '/a', 'a/b/c', 'exa_mple.com/a', `${'a'.repeat(254)}/b`])('key %p fails', key => {
    expect(annotationProblems('podAnnotations', { [key]: 'v' })).toEqual([`'podAnnotations' has an invalid annotation key '${key}' ${KEY_RULE}`]);
  });

  test('the total size of keys and values may be 256 KiB, counted in bytes', () => {
    // GIVEN: 3 bytes of key
    const fits = { big: 'x'.repeat(ANNOTATIONS_MAX_BYTES - 3) };
    const tooBig = { big: 'é'.repeat((ANNOTATIONS_MAX_BYTES - 3) / 2 + 0.5) };
    // THEN
    expect(annotationProblems('serviceAnnotations', fits)).toEqual([]);
    expect(annotationProblems('serviceAnnotations', tooBig)).toEqual([
      "'serviceAnnotations' take 262145 bytes (keys and values), more than Kubernetes allows for an object's annotations (262144 bytes)",
    ]);
  });

  test('only the keys given are reported on, the size counts every annotation of the object', () => {
    const given = { ok: 'x'.repeat(ANNOTATIONS_MAX_BYTES - 2) };
    const all = { ...given, 'bad key from elsewhere': 'y' };
    expect(annotationProblems('podAnnotations', given, all)).toEqual([
      `'podAnnotations' take ${ANNOTATIONS_MAX_BYTES + 23} bytes (keys and values), more than Kubernetes allows for an object's annotations (262144 bytes)`,
    ]);
  });
});

describe('environment variable names', () => {
  test.each(['A', '_A', '-A', '.A', 'a..b', 'MY_ENV.NAME', 'my.env-name'])('%p is accepted', name => {
    expect(envNameProblem('env', name)).toBeUndefined();
  });

  test.each(['1A', '.', '..', '..A', 'A=B', 'A B', 'ä', ''])('%p fails', name => {
    expect(envNameProblem('env', name)).toBe(
      `'env' has an invalid variable name '${name}' (letters, digits, '-', '.' or '_', not starting with a digit; not '.' or starting with '..')`);
  });
});

describe('32-bit counts', () => {
  test('the largest int32 is accepted, one more fails', () => {
    expect(int32Problem('replicas', 2_147_483_647, 0)).toBeUndefined();
    expect(int32Problem('replicas', 2_147_483_648, 0)).toBe("'replicas' must be at most 2147483647 (Kubernetes stores it as a 32-bit integer), got 2147483648");
  });

  test('the lower bound and integers are checked as before', () => {
    expect(int32Problem('replicas', -1, 0)).toBe("'replicas' must be an integer of at least 0, got -1");
    expect(int32Problem('replicas', NaN, 0)).toBe("'replicas' must be an integer of at least 0, got NaN");
    expect(int32Problem('replicas', undefined, 0)).toBeUndefined();
  });
});
