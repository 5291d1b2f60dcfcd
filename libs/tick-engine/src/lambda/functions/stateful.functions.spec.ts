import fc from 'fast-check';
import type { LambdaValue } from '../compiled-lambda';
import { instance, point } from '../lambda-test-kit.test';

function feed(source: string, values: readonly number[]): LambdaValue[] {
  const lambda = instance(source);
  return values.map((x) => lambda.evaluate(point({ x })));
}

describe('count()', () => {
  it('counts evaluations per instance', () => {
    const lambda = instance('count()');
    expect([1, 2, 3].map(() => lambda.evaluate(point({})))).toEqual([1n, 2n, 3n]);
    expect(instance('count()').evaluate(point({}))).toBe(1n);
  });

  it('shares one state per function name within an expression, as Kapacitor does', () => {
    const lambda = instance('count() + count()');
    expect(lambda.evaluate(point({}))).toBe(3n);
    expect(lambda.evaluate(point({}))).toBe(7n);
  });

  it('takes no arguments', () => {
    expect(() => instance('count(1)')).toThrow(/count\(\) takes 0 argument\(s\), got 1/);
  });
});

describe('sigma()', () => {
  it('returns |x - mean| / sample stddev, 0 for the first value', () => {
    const [first, second, third] = feed('sigma("x")', [1, 2, 3]);
    expect(first).toBe(0);
    // After 1, 2: mean 1.5, sample variance 0.5, so |2 - 1.5| / sqrt(0.5) = sqrt(0.5).
    expect(second).toBeCloseTo(Math.SQRT1_2, 15);
    // After 1, 2, 3: mean 2, sample variance 1.
    expect(third).toBe(1);
  });

  it('returns 0 while the variance is 0', () => {
    expect(feed('sigma("x")', [5, 5, 5])).toEqual([0, 0, 0]);
  });

  it('wants a float and leaves its state alone on an error', () => {
    const lambda = instance('sigma("x")');
    expect(() => lambda.evaluate(point({ x: 1n }))).toThrow(/cannot call function "sigma" with args \(int\)/);
    expect(lambda.snapshot()).toEqual(instance('sigma("x")').snapshot());
  });
});

describe('spread()', () => {
  it('tracks max - min', () => {
    expect(feed('spread("x")', [3, 1, 4, 2])).toEqual([0, 2, 3, 3]);
  });
});

describe('Kapacitor checks types before running anything stateful', () => {
  it('does not count when the other operand is missing', () => {
    const lambda = instance('count() == "x"');
    expect(() => lambda.evaluate(point({}))).toThrow(/"x" is missing/);
    expect(lambda.evaluate(point({ x: 1n }))).toBe(true);
  });

  it('does not advance sigma when another argument of the call is missing', () => {
    const lambda = instance('max(sigma("x"), "y")');
    expect(() => lambda.evaluate(point({ x: 1 }))).toThrow(/"y" is missing/);
    expect(lambda.snapshot()).toEqual(instance('max(sigma("x"), "y")').snapshot());
  });
});

describe('snapshot() and restore()', () => {
  const SOURCE = 'sigma("x") + spread("x") + float(count())';

  it('is null for a lambda without state', () => {
    expect(instance('"x" > 1').snapshot()).toBeNull();
  });

  it('writes plain JSON, non-finite floats and int64s included', () => {
    const fresh = instance(SOURCE).snapshot();
    expect(JSON.parse(JSON.stringify(fresh))).toEqual({
      sigma: { n: 0, mean: 0, m2: 0, variance: 0 },
      spread: { min: '+Inf', max: '-Inf' },
      count: '0',
    });
  });

  it('continues a stream identically after a restore in another instance', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), fc.nat(), (values, cut) => {
        const split = cut % (values.length + 1);
        const whole = feed(SOURCE, values);
        const before = instance(SOURCE);
        const head = values.slice(0, split).map((x) => before.evaluate(point({ x })));
        const after = instance(SOURCE);
        after.restore(JSON.parse(JSON.stringify(before.snapshot())));
        const tail = values.slice(split).map((x) => after.evaluate(point({ x })));
        expect([...head, ...tail]).toEqual(whole);
      }),
    );
  });

  it('starts afresh from null and rejects malformed state without changing anything', () => {
    const lambda = instance('count()');
    lambda.evaluate(point({}));
    expect(() => lambda.restore({ count: 'many' })).toThrow(/count is not an int64 string/);
    expect(() => lambda.restore([1])).toThrow(/invalid lambda state/);
    expect(lambda.evaluate(point({}))).toBe(2n);
    lambda.restore(null);
    expect(lambda.evaluate(point({}))).toBe(1n);
  });
});
