import { Unsigned } from '@vigil/core';
import { DurationValue } from './compiled-lambda';
import { compileFailure, failure, instance, point, run } from './lambda-test-kit.test';

const SECOND = 1_000_000_000n;
const MISMATCH = /mismatched type to binary operator/;

describe('int / int (Kapacitor typing table)', () => {
  it.each([
    ['"a" + "b"', 10n],
    ['"a" - "b"', 4n],
    ['"a" * "b"', 21n],
    ['"a" / "b"', 2n],
    ['"a" % "b"', 1n],
  ])('%s with a=7, b=3 is %s', (source, expected) => {
    expect(run(source, { a: 7n, b: 3n })).toBe(expected);
  });

  it('truncates division toward zero and keeps the dividend sign for %', () => {
    expect(run('"a" / "b"', { a: -7n, b: 2n })).toBe(-3n);
    expect(run('"a" % "b"', { a: -7n, b: 2n })).toBe(-1n);
    expect(run('"a" / "b"', { a: 7n, b: -2n })).toBe(-3n);
  });

  it('wraps on int64 overflow like Go', () => {
    const max = 2n ** 63n - 1n;
    expect(run('"a" + 1', { a: max })).toBe(-(2n ** 63n));
    expect(run('"a" * 2', { a: max })).toBe(-2n);
    expect(run('"a" / -1', { a: -(2n ** 63n) })).toBe(-(2n ** 63n));
  });

  it('makes division and modulo by zero evaluation errors, not crashes', () => {
    expect(failure('"a" / "b"', { a: 1n, b: 0n })).toMatch(/divide by zero/);
    expect(failure('"a" % "b"', { a: 1n, b: 0n })).toMatch(/divide by zero/);
  });

  it('compares', () => {
    expect(run('"a" < "b"', { a: 1n, b: 2n })).toBe(true);
    expect(run('"a" >= "b"', { a: 1n, b: 2n })).toBe(false);
    expect(run('"a" == "b"', { a: 2n, b: 2n })).toBe(true);
    expect(run('"a" != "b"', { a: 2n, b: 2n })).toBe(false);
  });

  it('treats unsigned fields as ints', () => {
    expect(run('"u" + 1', { u: new Unsigned(41n) })).toBe(42n);
    expect(run('"u" == 41', { u: new Unsigned(41n) })).toBe(true);
  });
});

describe('float / float', () => {
  it('does IEEE arithmetic, division by zero included', () => {
    expect(run('"a" + "b"', { a: 0.1, b: 0.2 })).toBe(0.30000000000000004);
    expect(run('"a" / "b"', { a: 1, b: 0 })).toBe(Infinity);
    expect(run('"a" / "b"', { a: -1, b: 0 })).toBe(-Infinity);
    expect(Number.isNaN(run('"a" / "b"', { a: 0, b: 0 }))).toBe(true);
  });

  it('has no % operator', () => {
    expect(failure('"a" % "b"', { a: 7.5, b: 2 })).toMatch(MISMATCH);
  });
});

describe('int / float mixes', () => {
  it('compares after converting the int to float64', () => {
    expect(run('"i" > 2.5', { i: 3n })).toBe(true);
    expect(run('"f" >= 3', { f: 3 })).toBe(true);
    expect(run('"i" == "f"', { i: 3n, f: 3 })).toBe(true);
    expect(run('"f" < "i"', { i: 3n, f: 2.5 })).toBe(true);
    // 2^53 + 1 as float64 rounds to 2^53, so Go calls them equal.
    expect(run('"i" == "f"', { i: 2n ** 53n + 1n, f: 2 ** 53 })).toBe(true);
  });

  it.each(['"i" + "f"', '"i" - "f"', '"f" * "i"', '"f" / "i"', '"ratio" * 2.0'])('refuses arithmetic: %s', (source) => {
    expect(failure(source, { i: 3n, f: 2.5, ratio: 4n })).toMatch(MISMATCH);
  });
});

describe('strings', () => {
  it('concatenates and compares', () => {
    expect(run('"a" + "b"', { a: 'foo' }, { b: 'bar' })).toBe('foobar');
    expect(run('"a" < "b"', { a: 'abc', b: 'abd' })).toBe(true);
    expect(run('"a" > "b"', { a: 'b', b: 'abc' })).toBe(true);
    expect(run('"a" <= "b"', { a: 'ab', b: 'ab' })).toBe(true);
  });

  it('orders by UTF-8 bytes, not UTF-16 units', () => {
    // U+1F600 (F0 9F 98 80) sorts after U+FF5E (EF BD 9E) in UTF-8; UTF-16 says the opposite.
    expect(run('"a" > "b"', { a: '\u{1F600}', b: '\uFF5E' })).toBe(true);
    expect(run('"a" < "b"', { a: '\u{1F600}', b: '\uFF5E' })).toBe(false);
  });

  it('refuses string / int mixes and string arithmetic other than +', () => {
    expect(failure('"s" == 1', { s: '1' })).toMatch(MISMATCH);
    expect(failure('"s" - "t"', { s: 'a', t: 'b' })).toMatch(MISMATCH);
  });

  it('matches regexes anywhere in the string', () => {
    expect(run('"host" =~ /^web-\\d+$/', {}, { host: 'web-12' })).toBe(true);
    expect(run('"host" =~ /eb/', {}, { host: 'web-12' })).toBe(true);
    expect(run('"host" !~ /db/', {}, { host: 'web-12' })).toBe(true);
    expect(failure('"n" =~ /1/', { n: 1n })).toMatch(MISMATCH);
  });
});

describe('bools', () => {
  it('supports == and != but not ordering or arithmetic', () => {
    expect(run('"a" == "b"', { a: true, b: true })).toBe(true);
    expect(run('"a" != "b"', { a: true, b: false })).toBe(true);
    expect(failure('"a" < "b"', { a: true, b: false })).toMatch(MISMATCH);
    expect(failure('"a" + "b"', { a: true, b: false })).toMatch(MISMATCH);
  });

  it('applies ! to bools only', () => {
    expect(run('!"a"', { a: false })).toBe(true);
    expect(failure('!"a"', { a: 1n })).toMatch(/invalid unary operator ! for type int/);
  });
});

describe('durations', () => {
  const ns = (value: unknown) => (value as DurationValue).ns;

  it('adds, subtracts and compares', () => {
    expect(ns(run('5m + 30s'))).toBe(330n * SECOND);
    expect(ns(run('5m - 6m'))).toBe(-60n * SECOND);
    expect(run('5m > 299s')).toBe(true);
    expect(run('1h == 60m')).toBe(true);
  });

  it('divides durations into an int ratio', () => {
    expect(run('1h / 7m')).toBe(8n);
    expect(failure('1h / (5m - 5m)')).toMatch(/divide by zero/);
  });

  it('scales by ints and floats on either side, and divides by numbers', () => {
    expect(ns(run('10s * 3'))).toBe(30n * SECOND);
    expect(ns(run('3 * 10s'))).toBe(30n * SECOND);
    expect(ns(run('10s * 1.5'))).toBe(15n * SECOND);
    expect(ns(run('1.5 * 10s'))).toBe(15n * SECOND);
    expect(ns(run('10s / 4'))).toBe(2_500_000_000n);
    expect(ns(run('10s / 0.5'))).toBe(20n * SECOND);
  });

  it('refuses duration + number', () => {
    expect(compileFailure('5m + 1').message).toMatch(MISMATCH);
  });
});

describe('unary minus', () => {
  it('negates ints (wrapping), floats and durations', () => {
    expect(run('-"i"', { i: 5n })).toBe(-5n);
    expect(run('-"i"', { i: -(2n ** 63n) })).toBe(-(2n ** 63n));
    expect(run('-"f"', { f: 2.5 })).toBe(-2.5);
    expect((run('-(5m)') as DurationValue).ns).toBe(-300n * SECOND);
    expect(failure('-"s"', { s: 'x' })).toMatch(/invalid unary operator - for type string/);
  });
});

describe('dynamic typing', () => {
  it('re-dispatches when a field changes type between points', () => {
    const lambda = instance('"v" * 2 == 8');
    expect(lambda.evaluate(point({ v: 4n }))).toBe(true);
    expect(() => lambda.evaluate(point({ v: 4 }))).toThrow(MISMATCH);
    expect(lambda.evaluate(point({ v: 5n }))).toBe(false);
  });

  it('compares a changing field with a literal correctly each time', () => {
    const lambda = instance('"v" > 2');
    expect(lambda.evaluate(point({ v: 3n }))).toBe(true);
    expect(lambda.evaluate(point({ v: 2.5 }))).toBe(true);
    expect(lambda.evaluate(point({ v: 2 }))).toBe(false);
    expect(() => lambda.evaluate(point({ v: '3' }))).toThrow(MISMATCH);
  });
});

describe('operands of fixed type are checked at compile time', () => {
  it.each(["'a' > 1", 'TRUE + 1', "5m * 'x'", '1 AND TRUE', "2.0 % 1.0"])('%s', (source) => {
    const error = compileFailure(source);
    expect(error.message).toMatch(MISMATCH);
    expect(error.position).toBeDefined();
  });
});
