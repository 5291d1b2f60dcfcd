import { TimeValue } from '../compiled-lambda';
import { failure, instance, point, run } from '../lambda-test-kit.test';

/** 2024-02-29T23:59:30.5Z, a Thursday. */
const LEAP_EVENING = BigInt(Date.UTC(2024, 1, 29, 23, 59, 30, 500)) * 1_000_000n;

function parts(time: bigint): bigint[] {
  return ['minute', 'hour', 'weekday', 'day', 'month', 'year'].map((name) => run(`${name}("time")`, {}, {}, time) as bigint);
}

describe('time functions use the process time zone, like Kapacitor', () => {
  const original = process.env['TZ'];
  afterEach(() => {
    if (original === undefined) delete process.env['TZ'];
    else process.env['TZ'] = original;
  });

  it('in UTC', () => {
    process.env['TZ'] = 'UTC';
    expect(parts(LEAP_EVENING)).toEqual([59n, 23n, 4n, 29n, 2n, 2024n]);
  });

  it('west of UTC the evening stays on the same day', () => {
    process.env['TZ'] = 'America/Sao_Paulo';
    expect(parts(LEAP_EVENING)).toEqual([59n, 20n, 4n, 29n, 2n, 2024n]);
  });

  it('east of UTC it is already the next morning, a Friday in March', () => {
    process.env['TZ'] = 'Asia/Tokyo';
    expect(parts(LEAP_EVENING)).toEqual([59n, 8n, 5n, 1n, 3n, 2024n]);
  });

  it('rounds instants before 1970 down, not toward zero', () => {
    process.env['TZ'] = 'UTC';
    expect(parts(-1n)).toEqual([59n, 23n, 3n, 31n, 12n, 1969n]);
  });
});

describe('unixNano() and now()', () => {
  it('gives the nanoseconds of a time, exactly', () => {
    expect(run('unixNano("time")', {}, {}, 1_700_000_000_123_456_789n)).toBe(1_700_000_000_123_456_789n);
  });

  it('reads now() from the injected clock, on every evaluation', () => {
    let clock = 1_000n;
    const lambda = instance('unixNano(now())', () => clock);
    expect(lambda.evaluate(point({}))).toBe(1_000n);
    clock = 2_000n;
    expect(lambda.evaluate(point({}))).toBe(2_000n);
    expect(instance('now()', () => 5n).evaluate(point({}))).toEqual(new TimeValue(5n));
  });

  it('wants a time', () => {
    expect(failure('minute(5m)')).toMatch(/cannot call function "minute" with args \(duration\)/);
    expect(failure('unixNano("t")', { t: 5n })).toMatch(/cannot call function "unixNano" with args \(int\)/);
  });
});
