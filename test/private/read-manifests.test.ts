import { ManifestDocument, parseDocuments, readDocuments } from '../../src/private/read-manifests';
import { exactly } from '../util/validate';

const values = (docs: ManifestDocument[]) => docs.map(d => d.value);

/** Reads `text` fed in pieces of `size` bytes. */
async function readInPieces(text: string | Buffer, size: number): Promise<ManifestDocument[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: ManifestDocument[] = [];
  for await (const doc of readDocuments(pieces(), 'in.yaml')) out.push(doc);
  return out;
}

const STREAM = [
  '%YAML 1.2',
  '# a comment before the first marker',
  '---',
  'a: 1',
  '--- {b: 2}',
  '---',
  'c: |',
  '  ---- not a marker (indented)',
  '---x: not a marker either',
  '---\t',
  '# only a comment: an empty document',
  '---',
  'd: é🙂',
  '...',
  '---',
  'e: [1, 2]',
].join('\n');

describe('readDocuments', () => {
  test('documents, their lines and positions', () => {
    expect(parseDocuments(STREAM, 'in.yaml')).toEqual([
      { value: { a: 1 }, line: 4, index: 1 },
      { value: { b: 2 }, line: 5, index: 2 },
      { value: { 'c': '---- not a marker (indented)\n', '---x': 'not a marker either' }, line: 7, index: 3 },
      { value: null, line: 10, index: 4 },
      { value: { d: 'é🙂' }, line: 13, index: 5 },
      { value: { e: [1, 2] }, line: 16, index: 6 },
    ]);
  });

  test('the same documents whatever the pieces the input arrives in (every size from 1 byte)', async () => {
    const whole = parseDocuments(STREAM, 'in.yaml');
    for (let size = 1; size <= 40; size++) {
      expect(await readInPieces(STREAM, size)).toEqual(whole);
    }
    expect(await readInPieces(`${STREAM}\n---`, 3)).toEqual([...whole, { value: null, line: 17, index: 7 }]);
  });

  test('CRLF line ends', () => {
    expect(values(parseDocuments('a: 1\r\n---\r\nb: 2\r\n', 'in.yaml'))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test.each([
    ['a: *nope\n', "in.yaml:1: unknown anchor 'nope' referenced"],
    ['a:\n  b: &x [1, *x]\n', "in.yaml:2: anchor 'x' value contains itself"],
    ['? [a]\n: 1\n', 'in.yaml:1: a mapping key must be a string, a number or a boolean, got a list'],
    ['a: 1\n~: 2\n', 'in.yaml:2: a mapping key must be a string, a number or a boolean, got null'],
    ['a: 1\n<<: [{b: 1}, 2]\n', 'in.yaml:2: a merge key (<<) needs a mapping or a list of mappings as its value'],
    [`a:\n  b: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'in.yaml:2: invalid YAML: the document is nested too deeply'],
    ['a: 1\n\n\n', 'never'],
  ])('%j fails with its line', (text, message) => {
    if (message === 'never') {
      expect(values(parseDocuments(text, 'in.yaml'))).toEqual([{ a: 1 }]);
    } else {
      expect(() => parseDocuments(text, 'in.yaml')).toThrow(exactly(message));
    }
  });

  test('100 levels of nesting are fine', () => {
    const [doc] = values(parseDocuments(`${'['.repeat(100)}${']'.repeat(100)}\n`, 'in.yaml'));
    expect(JSON.stringify(doc)).toBe(`${'['.repeat(100)}${']'.repeat(100)}`);
  });
});
