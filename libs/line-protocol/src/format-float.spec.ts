import fc from 'fast-check';
import { formatFloat } from './format-float';

describe('formatFloat', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [123456789.125, '123456789.125'],
    [1e20, '100000000000000000000'],
    [1e21, '1000000000000000000000'],
    [1.2345e21, '1234500000000000000000'],
    [-1.5e22, '-15000000000000000000000'],
    [1e-6, '0.000001'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-1.25e-10, '-0.000000000125'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
  ])('%s -> %s', (value, text) => {
    expect(formatFloat(value)).toBe(text);
  });

  it('writes every finite double as plain decimals that read back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatFloat(value);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Object.is(Number(text), value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
