import { floatToInt64, floatToUint64 } from './go-int64';
import { parseGoBool, parseGoFloat, parseGoInt } from './go-parse';
import { goPow } from './go-pow';
import { goLogb, goPow10 } from './go-special-math';
import { parseInfluxqlDuration } from './influxql-duration';

const INT64_MIN = -(2n ** 63n);

describe('Go conversions on amd64', () => {
  it('truncates floats to int64 and gives the minimum when out of range', () => {
    expect(floatToInt64(-2.9)).toBe(-2n);
    expect(floatToInt64(-(2 ** 63))).toBe(INT64_MIN);
    expect(floatToInt64(2 ** 63)).toBe(INT64_MIN);
    expect(floatToInt64(NaN)).toBe(INT64_MIN);
  });

  it('converts floats to uint64, wrapping negatives', () => {
    expect(floatToUint64(-1.5)).toBe(2n ** 64n - 1n);
    expect(floatToUint64(2 ** 63)).toBe(2n ** 63n);
    expect(floatToUint64(1.5 * 2 ** 63)).toBe(3n * 2n ** 62n);
  });
});

describe('strconv parsers', () => {
  it('ParseBool', () => {
    expect(parseGoBool('TRUE')).toBe(true);
    expect(parseGoBool('f')).toBe(false);
    expect(parseGoBool('yes')).toBeUndefined();
  });

  it('ParseInt base 10', () => {
    expect(parseGoInt('-9223372036854775808')).toBe(INT64_MIN);
    expect(parseGoInt('9223372036854775808')).toBeUndefined();
    expect(parseGoInt(' 1')).toBeUndefined();
    expect(parseGoInt('')).toBeUndefined();
  });

  it('ParseFloat', () => {
    expect(parseGoFloat('.5')).toBe(0.5);
    expect(parseGoFloat('5.')).toBe(5);
    expect(parseGoFloat('1E-2')).toBe(0.01);
    expect(parseGoFloat('-infinity')).toBe(-Infinity);
    expect(parseGoFloat('infin')).toBeUndefined();
    expect(parseGoFloat('0x1p-2')).toBe(0.25);
    expect(parseGoFloat('1e-400')).toBe(0);
    expect(parseGoFloat('1e400')).toBeUndefined();
    expect(parseGoFloat('1_000')).toBeUndefined();
  });
});

describe('InfluxQL ParseDuration', () => {
  it('reads compound terms and every unit', () => {
    expect(parseInfluxqlDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseInfluxqlDuration('1w1d')).toBe(8n * 86_400_000_000_000n);
    expect(parseInfluxqlDuration('10µ')).toBe(10_000n);
    expect(parseInfluxqlDuration('3ms2ns')).toBe(3_000_002n);
    expect(parseInfluxqlDuration('-2s')).toBe(-2_000_000_000n);
  });

  it('rejects bare numbers, unknown units and overflow', () => {
    expect(parseInfluxqlDuration('5')).toBeUndefined();
    expect(parseInfluxqlDuration('5n')).toBeUndefined();
    expect(parseInfluxqlDuration('1y')).toBeUndefined();
    expect(parseInfluxqlDuration('m')).toBeUndefined();
    expect(parseInfluxqlDuration('9999999999999w')).toBeUndefined();
  });
});

describe('math.Pow, Pow10 and Logb', () => {
  it('covers Go special cases', () => {
    expect(goPow(0, -3)).toBe(Infinity);
    expect(goPow(-0, -3)).toBe(-Infinity);
    expect(Object.is(goPow(-0, 3), -0)).toBe(true);
    expect(goPow(-Infinity, 3)).toBe(-Infinity);
    expect(goPow(0.5, Infinity)).toBe(0);
    expect(goPow(-2, 0.5)).toBeNaN();
  });

  it('computes large integer and fractional exponents', () => {
    expect(goPow(2, 1000)).toBe(2 ** 1000);
    expect(goPow(2, -1074)).toBe(5e-324);
    expect(goPow(10, 308.5)).toBe(Infinity);
    expect(goPow(9, 1.5)).toBeCloseTo(27, 12);
    expect(goPow(3, 200)).toBeCloseTo(3 ** 200, -80);
  });

  it('builds powers of ten from the same table entries as Go', () => {
    expect(goPow10(0n)).toBe(1);
    expect(goPow10(22n)).toBe(1e22);
    expect(goPow10(-323n)).toBe(1e-323);
    expect(goPow10(309n)).toBe(Infinity);
  });

  it('reads binary exponents from the bits, subnormals included', () => {
    expect(goLogb(1)).toBe(0);
    expect(goLogb(-0.75)).toBe(-1);
    expect(goLogb(5e-324)).toBe(-1074);
    expect(goLogb(NaN)).toBeNaN();
  });
});
