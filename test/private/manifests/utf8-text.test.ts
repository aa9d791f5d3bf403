import { invalidUtf8Offset } from '../../../src/private/manifests/utf8-text';
import { parseDocuments } from '../../../src/private/read-manifests';
import { exactly } from '../../util/validate';

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
