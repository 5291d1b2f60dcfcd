import { DurationValue } from '../compiled-lambda';
import { failure, run } from '../lambda-test-kit.test';

const SECOND = 1_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const SIGNATURE = /cannot call function/;

describe('bool()', () => {
  it.each([
    ["bool('true')", true],
    ["bool('T')", true],
    ["bool('1')", true],
    ["bool('False')", false],
    ['bool(1)', true],
    ['bool(0)', false],
    ['bool(1.0)', true],
    ['bool(0.0)', false],
    ['bool(TRUE)', true],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each(["bool('yes')", "bool('tRUE')", 'bool(2)', 'bool(0.5)'])('%s fails', (source) => {
    expect(failure(source)).toMatch(/error calling "bool"/);
  });

  it('does not take durations', () => {
    expect(failure('bool(1s)')).toMatch(SIGNATURE);
  });
});

describe('int()', () => {
  it('truncates floats toward zero and parses base-10 strings', () => {
    expect(run('int(2.9)')).toBe(2n);
    expect(run('int(-2.9)')).toBe(-2n);
    expect(run("int('-42')")).toBe(-42n);
    expect(run("int('+7')")).toBe(7n);
    expect(run('int(TRUE)')).toBe(1n);
  });

  it('converts out-of-range floats as Go on amd64 does', () => {
    expect(run('int("f")', { f: 1e300 })).toBe(INT64_MIN);
    expect(run('int("f")', { f: NaN })).toBe(INT64_MIN);
  });

  it.each(["int('4.2')", "int('0x10')", "int('9223372036854775808')", "int('1_000')"])('%s fails', (source) => {
    expect(failure(source)).toMatch(/error calling "int"/);
  });

  it('does not take durations (not in Kapacitor signature)', () => {
    expect(failure('int(5m)')).toMatch(SIGNATURE);
  });
});

describe('float()', () => {
  it('converts ints, bools and Go float syntax', () => {
    expect(run('float(3)')).toBe(3);
    expect(run('float(FALSE)')).toBe(0);
    expect(run("float('2.5')")).toBe(2.5);
    expect(run("float('1e3')")).toBe(1000);
    expect(run("float('-Inf')")).toBe(-Infinity);
    expect(run("float('0x1.8p1')")).toBe(3);
    expect(Number.isNaN(run("float('NaN')"))).toBe(true);
  });

  it.each(["float('abc')", "float('1e400')", "float('+nan')", "float('')"])('%s fails', (source) => {
    expect(failure(source)).toMatch(/error calling "float"/);
  });
});

describe('string()', () => {
  it.each([
    ['string(-7)', '-7'],
    ['string(2.5)', '2.5'],
    ['string(3.0)', '3'],
    ['string(-0.0)', '-0'],
    ['string(0.1 + 0.2)', '0.30000000000000004'],
    ['string(TRUE)', 'true'],
    ['string(5m)', '5m'],
    ['string(90s)', '90s'],
    ['string(1500ms)', '1500ms'],
    ['string(2w)', '2w'],
    ["string('x')", 'x'],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('never uses exponents for floats', () => {
    expect(run('string("f")', { f: 1e21 })).toBe('1000000000000000000000');
    expect(run('string("f")', { f: 1e-7 })).toBe('0.0000001');
  });
});

describe('duration()', () => {
  const ns = (source: string) => (run(source) as DurationValue).ns;

  it('passes durations through and scales numbers by the unit', () => {
    expect(ns('duration(5m)')).toBe(300n * SECOND);
    expect(ns('duration(3, 1s)')).toBe(3n * SECOND);
    expect(ns('duration(1.5, 1s)')).toBe(1500_000_000n);
  });

  it('parses InfluxQL duration strings (with the unit argument the signature demands)', () => {
    expect(ns("duration('1h30m', 1s)")).toBe(5400n * SECOND);
    expect(ns("duration('-5ms', 1s)")).toBe(-5_000_000n);
    expect(ns("duration('7ns', 1s)")).toBe(7n);
    expect(failure("duration('5x', 1s)")).toMatch(/invalid duration string "5x"/);
    expect(failure("duration('5m')")).toMatch(SIGNATURE);
  });
});
