import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { buildBookinfoApp } from '../../examples/bookinfo/app';
import { IstioCrds } from '../../src';
import { YamlWriter } from '../../src/private/yaml';

/** A deterministic pseudo-random generator (so a failure can be replayed). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647; // MINSTD: exact in doubles
    return (state - 1) / 2147483646;
  };
}

// strings YAML treats specially: 1.1 booleans and nulls, numbers, timestamps, sexagesimals,
// merge keys, document markers, indicators, and strings it writes plain
const WORDS = [
  'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'NULL', '~', '', '-', '?', ':', '---', '...', '%x',
  'e0', 'E5', 'e-3', 'e+3', 'e1x', 'ee1', '0775', '0x1f', '0b101', '1e3', '.inf', '-.Inf', '.nan', '1:20', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '<<', '1_000', '+1', '-0', '.5', '1.', 'a: b', 'a #b', 'a#b', 'a:', 'a:b', ' a', 'a ', 'a\nb', 'a\n', '\tx', '"q"', "'q'",
  'app.kubernetes.io/name', 'docker.io/istio/proxyv2:1.30.3', 'reviews.default.svc.cluster.local', '*.example.com',
  '/productpage', 'end-user', 'é', '\u0007', '💡', '\\', '!tag', '&a', '*a', '|', '>', '@', '`', '[a]', '{a}', 'a,b',
];
const CHARS = ['a', 'Z', '0', '9', '-', '_', '.', '/', ':', ' ', '#', '"', "'", '\n', '\t', '*', '&', '!', '|', '>', '%',
  '@', '`', '{', '}', '[', ']', ',', '?', '~', '=', '<', '+', 'e', 'y', 'n', '\\', 'é', '💡'];
const NUMBERS = [0, 1, -5, 1.5, 1e21, -0, 0.1, 2 ** 53 + 2, NaN, Infinity, -Infinity, 65535];

function randomDocument(next: () => number): Record<string, unknown> {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const text = () => next() < 0.4 ? pick(WORDS) : Array.from({ length: Math.floor(next() * 8) }, () => pick(CHARS)).join('');
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.35) return text();
    if (r < 0.45) return pick(NUMBERS);
    if (r < 0.5) return next() < 0.5;
    if (r < 0.55) return null;
    if (r < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), value(depth + 1)]));
  };
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 4) }, () => [text(), value(0)]));
}

describe('YamlWriter writes the bytes of cdk8s Yaml.stringify', () => {
  test('for every object of the bookinfo example, with CRDs (multi-line descriptions)', () => {
    // GIVEN
    const app = new App();
    buildBookinfoApp(app, IstioCrds.fromFile(path.join(__dirname, '..', 'fixtures', 'istio-crds.yaml')));
    const docs = app.charts.flatMap(c => c.toJson());
    // WHEN / THEN
    expect(docs.length).toBeGreaterThan(50);
    expect(new YamlWriter().stringify(docs)).toBe(Yaml.stringify(...docs));
  });

  test('for 5,000 random documents of special strings, numbers, booleans, nulls and nested collections', () => {
    const next = random(42);
    const writer = new YamlWriter();
    for (let i = 0; i < 5000; i++) {
      const docs = [randomDocument(next), randomDocument(next)];
      const expected = Yaml.stringify(...docs);
      const actual = writer.stringify(docs);
      if (actual !== expected) {
        // fail with the document, not only the text
        expect({ docs, actual }).toEqual({ docs, actual: expected });
      }
    }
  });

  test('for every string of up to 3 characters that could be plain, a number, a boolean or a null, as key and value', () => {
    const chars = [...'aeEnoyYNlu0159._/:-+ '];
    const strings = [''];
    for (let i = 0; strings[i].length < 3; i++) {
      strings.push(...chars.map(c => strings[i] + c));
    }
    const writer = new YamlWriter();
    const differing = strings.filter(s => writer.stringify([{ [s]: s, x: [s] }]) !== Yaml.stringify({ [s]: s, x: [s] }));
    expect(strings.length).toBe(1 + 21 + 21 ** 2 + 21 ** 3);
    expect(differing).toEqual([]);
  });

  test.each([
    ['nested sequences', { a: [[1, [2, 3]], [], [{}], [{ b: [] }, 'c']] }],
    ['maps in sequences in maps', { spec: { ports: [{ name: 'http', port: 80 }, { name: 'tcp', port: 81, x: { y: 'z' } }] } }],
    ['empty collections', { a: {}, b: [], c: [{}, []] }],
    ['multi-line strings (left to Yaml.stringify)', { data: { mesh: 'a: 1\nb: 2\n', x: 'one\n  two' } }],
    ['document markers in keys and values', { '---': '...', 'a': [{ '...': '%x' }], 'b': { '---x': '--- y' } }],
    ['undefined values (left to Yaml.stringify)', { a: undefined, b: [undefined] }],
    ['special numbers', { a: NaN, b: -Infinity, c: 1e21, d: -0, e: 0.000001, f: 2 ** 53 + 2 }],
    ['YAML 1.1 booleans and nulls, and their near misses', Object.fromEntries(
      ['Y', 'y', 'yes', 'Yes', 'YES', 'yEs', 'true', 'True', 'TRUE', 'tRue', 'on', 'On', 'ON', 'oN', 'N', 'n', 'no', 'No', 'NO', 'nO',
        'false', 'False', 'FALSE', 'fAlse', 'off', 'Off', 'OFF', 'oFF', 'null', 'Null', 'NULL', 'nULL', '~', 'yess', 'none']
        .map(w => [w, [w, { [w]: w }]]))],
    ['a string that looks like a number', { port: '8080', version: '1.0', octal: '0775', time: '1:20' }],
  ])('for %s', (_, doc) => {
    expect(new YamlWriter().stringify([doc, undefined, doc])).toBe(Yaml.stringify(doc, undefined, doc));
  });

  test('for documents that are no map, and no documents', () => {
    const writer = new YamlWriter();
    expect(writer.stringify([])).toBe(Yaml.stringify());
    expect(writer.stringify(['a', 1, [1], {}, null])).toBe(Yaml.stringify('a', 1, [1], {}, null));
  });
});
