import fc from 'fast-check';
import { exactDigits, shortestDigits } from './float-digits';
import { formatFloatJSON, formatFloatPlain, formatFloatV } from './float-format';
import { formatFloat } from './strconv-float';

// Expected strings are Go outputs (fmt.Sprint, strconv.FormatFloat, json.Marshal) for float64.
describe('formatFloatV (fmt %v)', () => {
  it.each([
    [1234567, '1.234567e+06'],
    [100000, '100000'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [2, '2'],
    [0.5, '0.5'],
    [-2.5, '-2.5'],
    [123456789, '1.23456789e+08'],
    [123456.7, '123456.7'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0, '0'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s -> %s', (x, expected) => {
    expect(formatFloatV(x)).toBe(expected);
  });
});

describe('formatFloatPlain (strconv.FormatFloat(x, f, -1, 64))', () => {
  it.each([
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [123.456, '123.456'],
    [3, '3'],
    [-0.25, '-0.25'],
    [0, '0'],
  ])('%s -> %s', (x, expected) => {
    expect(formatFloatPlain(x)).toBe(expected);
  });
});

describe('formatFloatJSON (encoding/json)', () => {
  it.each([
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [1e-6, '0.000001'],
    [9.99e-7, '9.99e-7'],
    [1 / 3, '0.3333333333333333'],
    [2, '2'],
    [251, '251'],
    [1234567, '1234567'],
    [1e20, '100000000000000000000'],
    [1.23e-18, '1.23e-18'],
    [1e300, '1e+300'],
    [5e-324, '5e-324'],
    [-0, '-0'],
    [0, '0'],
  ])('%s -> %s', (x, expected) => {
    expect(formatFloatJSON(x)).toBe(expected);
  });

  it('refuses NaN and infinities like json.Marshal', () => {
    expect(() => formatFloatJSON(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => formatFloatJSON(Infinity)).toThrow('json: unsupported value: +Inf');
  });

  it('matches the ES6 number format for every finite non-negative-zero value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        fc.pre(!Object.is(x, -0));
        expect(formatFloatJSON(x)).toBe(String(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatFloat with a precision (exact value, ties to even)', () => {
  it.each<[number, 'e' | 'f' | 'g' | 'G' | 'E', number, string]>([
    [1234.5678, 'e', 6, '1.234568e+03'],
    [0, 'e', 6, '0.000000e+00'],
    [1234.5678, 'E', 2, '1.23E+03'],
    [1.005, 'f', 2, '1.00'],
    [2.675, 'f', 2, '2.67'],
    [0.125, 'f', 2, '0.12'],
    [0.375, 'f', 2, '0.38'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [-2.5, 'f', 0, '-2'],
    [0.6, 'f', 0, '1'],
    [0.04, 'f', 1, '0.0'],
    [99.99, 'f', 1, '100.0'],
    [3.14159, 'f', 6, '3.141590'],
    [1e21, 'f', 2, '1000000000000000000000.00'],
    [1234.5678, 'g', 3, '1.23e+03'],
    [0.0001234, 'g', 3, '0.000123'],
    [100, 'g', 2, '1e+02'],
    [100, 'g', 3, '100'],
    [1 / 3, 'g', 10, '0.3333333333'],
    [123456, 'g', 0, '1e+05'],
    [1e-5, 'G', -1, '1E-05'],
    [100000, 'g', -1, '100000'],
    [1.5, 'e', -1, '1.5e+00'],
  ])('%s %s.%s -> %s', (x, fmt, prec, expected) => {
    expect(formatFloat(x, fmt, prec)).toBe(expected);
  });

  it('agrees with toFixed whenever the rounding digit is not an exact tie', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 20 }), (x, p) => {
        const exact = exactDigits(x);
        // Ties need the expansion to end exactly one digit after the rounding position.
        fc.pre(exact.digits.length !== exact.point + p + 1);
        fc.pre(!Object.is(x, -0) && Math.abs(x) >= 1e-7);
        expect(formatFloat(x, 'f', p)).toBe(x.toFixed(p));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips at 17 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatFloat(x, 'e', 16))).toBe(x);
      }),
    );
  });
});

describe('shortestDigits', () => {
  it('is minimal: one digit fewer never parses back', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        fc.pre(x !== 0);
        const d = shortestDigits(x);
        expect(Number(`0.${d.digits}e${d.point}`)).toBe(Math.abs(x));
        if (d.digits.length > 1) {
          const shorter = Number(`0.${d.digits.slice(0, -1)}e${d.point}`);
          const bumped = Number(`0.${(BigInt(d.digits.slice(0, -1)) + 1n).toString()}e${d.point}`);
          expect(shorter === Math.abs(x) || bumped === Math.abs(x)).toBe(false);
        }
      }),
    );
  });
});
