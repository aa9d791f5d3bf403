import { ManifestDocument, parseDocuments } from '../../../src/private/read-manifests';

const values = (docs: ManifestDocument[]) => docs.map(d => d.value);

// plain values are what the reader yields for each document
describe('plain values', () => {
  test('aliases, and an anchor redefined later', () => {
    expect(values(parseDocuments('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 'in.yaml'))).toEqual([{ a: 1, b: 1, c: 2, d: 2 }]);
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
