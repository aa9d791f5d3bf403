import { sortKeys } from '../../src/private/sort-keys';

describe('sorted keys', () => {
  test('the keys of every mapping, at any depth and inside lists, come out sorted; list order stays', () => {
    // GIVEN
    const value = { spec: { b: 1, a: [{ z: true, y: null }, 'x'] }, kind: 'Pod', apiVersion: 'v1' };

    // WHEN
    const sorted = sortKeys(value);

    // THEN
    expect(JSON.stringify(sorted)).toBe('{"apiVersion":"v1","kind":"Pod","spec":{"a":[{"y":null,"z":true},"x"],"b":1}}');
  });

  test('keys sort by code unit as Go sorts them: capitals before lowercase, "a10" before "a9"', () => {
    expect(Object.keys(sortKeys({ 'a9': 1, 'é': 2, 'a10': 3, 'a': 4, '_': 5, 'a-2': 6, 'B': 7 }))).toEqual(['B', '_', 'a', 'a-2', 'a10', 'a9', 'é']);
  });

  test('scalars and null come back as they are, and the input is not changed', () => {
    // GIVEN
    const value = { b: { d: 1, c: 2 }, a: 0 };

    // WHEN
    sortKeys(value);

    // THEN
    expect(JSON.stringify(value)).toBe('{"b":{"d":1,"c":2},"a":0}');
    expect([sortKeys(null), sortKeys('z'), sortKeys(0), sortKeys(false), sortKeys(undefined)]).toEqual([null, 'z', 0, false, undefined]);
  });
});
