import { DocumentSplitter } from '../../../src/private/manifests/document-splitter';

describe('DocumentSplitter', () => {
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
});
