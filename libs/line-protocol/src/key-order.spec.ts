import fc from 'fast-check';
import { compareKeys } from './key-order';

describe('compareKeys', () => {
  it('orders by UTF-8 bytes, as Go bytes.Compare does', () => {
    // U+FF01 is 0xEF 0xBC 0x81 in UTF-8, U+1F600 is 0xF0 ...: UTF-16 code units say the opposite.
    expect(compareKeys('\uFF01', '\u{1F600}')).toBeLessThan(0);
    expect(compareKeys('a', 'b')).toBeLessThan(0);
    expect(compareKeys('ab', 'a')).toBeGreaterThan(0);
    expect(compareKeys('Z', 'a')).toBeLessThan(0);
    expect(compareKeys('same', 'same')).toBe(0);
  });

  it('agrees in sign with a byte comparison of the UTF-8 encodings', () => {
    const key = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 2000 },
    );
  });
});
