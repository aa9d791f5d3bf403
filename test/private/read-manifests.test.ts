import { DocumentSplitter, invalidUtf8Offset, ManifestDocument, parseDocuments, readDocuments } from '../../src/private/read-manifests';
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

  test('a splitter holds only the current document', () => {
    // GIVEN
    const splitter = new DocumentSplitter();
    // WHEN: the first document is complete once the second marker arrives
    const first = splitter.push(Buffer.from('a: 1\n'));
    const second = splitter.push(Buffer.from('---\nb: 2\n'));
    const last = splitter.end();
    // THEN
    expect(first).toEqual([]);
    expect(second.map(s => [s.bytes.toString(), s.line])).toEqual([['a: 1\n', 1]]);
    expect(last.map(s => [s.bytes.toString(), s.line])).toEqual([['---\nb: 2\n', 2]]);
  });

  test('aliases, and an anchor redefined later', () => {
    expect(values(parseDocuments('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 'in.yaml'))).toEqual([{ a: 1, b: 1, c: 2, d: 2 }]);
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

  test('mapping keys that are numbers or booleans become strings; a quoted << is a plain key', () => {
    expect(values(parseDocuments('1: a\ntrue: b\n"<<": {c: 1}\n', 'in.yaml'))).toEqual([{ '1': 'a', 'true': 'b', '<<': { c: 1 } }]);
  });

  test('a __proto__ key is an ordinary key', () => {
    const [doc] = values(parseDocuments('__proto__: {polluted: true}\n', 'in.yaml')) as any[];
    expect(Object.keys(doc)).toEqual(['__proto__']);
    expect(({} as any).polluted).toBeUndefined();
  });
});

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('invalidUtf8Offset', () => {
  test.each([
    ['ASCII', [0x61, 0x62], 2],
    ['2, 3 and 4 byte characters', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x99, 0x82], 9],
    ['an overlong 2-byte form', [0x61, 0xc0, 0x80], 1],
    ['an overlong 3-byte form', [0xe0, 0x80, 0x80], 0],
    ['a surrogate', [0x61, 0x61, 0xed, 0xa0, 0x80], 2],
    ['the last code point U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], 4],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['a sequence cut short by the end', [0x61, 0xe2, 0x82], 1],
    ['a sequence cut short by ASCII', [0xe2, 0x61, 0x62], 0],
  ])('%s', (_name, bytes, offset) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
    // TextDecoder agrees on what is valid
    const valid = offset === bytes.length;
    expect(decodes(Uint8Array.from(bytes))).toBe(valid);
  });

  test('the byte and column of invalid UTF-8 in a later document', () => {
    const input = Buffer.concat([Buffer.from('a: 1\n---\nb: ok\nc: x'), Buffer.from([0xff]), Buffer.from('\n')]);
    expect(() => parseDocuments(input, 'in.yaml')).toThrow(exactly('in.yaml:4: not UTF-8 text: invalid byte 0xff at column 5'));
  });
});
