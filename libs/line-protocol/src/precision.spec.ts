import { type Precision, MAX_NANO_TIME, MIN_NANO_TIME, isTimeInRange, parsePrecision, precisionMultiplier, truncateToPrecision } from './precision';

describe('precision', () => {
  it('names the precisions of the write API, the empty one meaning nanoseconds', () => {
    expect(['', 'n', 'ns', 'u', 'us', 'ms', 's', 'm', 'h'].map(parsePrecision)).toEqual(['n', 'n', 'ns', 'u', 'us', 'ms', 's', 'm', 'h']);
    expect(['x', 'µ', 'S', 'sec', 'toString', '__proto__'].map(parsePrecision)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('multiplies to nanoseconds', () => {
    expect(precisionMultiplier('h')).toBe(3_600_000_000_000n);
    expect(precisionMultiplier('us')).toBe(1_000n);
    expect(() => precisionMultiplier('x' as Precision)).toThrow(RangeError);
  });

  it('truncates times down to whole units, also before 1970', () => {
    expect(truncateToPrecision(1_999_999_999n, 's')).toBe(1_000_000_000n);
    expect(truncateToPrecision(-1n, 's')).toBe(-1_000_000_000n);
    expect(truncateToPrecision(-1_000_000_000n, 's')).toBe(-1_000_000_000n);
    expect(truncateToPrecision(123n, 'n')).toBe(123n);
  });

  it("accepts InfluxDB's time range and nothing beyond", () => {
    expect([MIN_NANO_TIME, MAX_NANO_TIME, 0n].map(isTimeInRange)).toEqual([true, true, true]);
    expect([MIN_NANO_TIME - 1n, MAX_NANO_TIME + 1n].map(isTimeInRange)).toEqual([false, false]);
  });
});
