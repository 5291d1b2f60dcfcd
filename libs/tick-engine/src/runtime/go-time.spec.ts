import { goRound, goTruncate } from './go-time';

const SECOND = 1_000_000_000n;
const DAY = 86_400n * SECOND;
const WEEK = 7n * DAY;

describe('goTruncate', () => {
  it('aligns to the epoch for durations that divide a day', () => {
    expect(goTruncate(65n * SECOND, 60n * SECOND)).toBe(60n * SECOND);
    expect(goTruncate(DAY + 5n, DAY)).toBe(DAY);
  });

  it('aligns weeks to Mondays, as Go counts from year 1', () => {
    // 1970-01-01 was a Thursday; the Monday before it is 1969-12-29, three days earlier.
    expect(goTruncate(0n, WEEK)).toBe(-3n * DAY);
    // 2024-03-06 (a Wednesday) truncates to Monday 2024-03-04.
    const wednesday = BigInt(Date.UTC(2024, 2, 6, 12)) * 1_000_000n;
    expect(goTruncate(wednesday, WEEK)).toBe(BigInt(Date.UTC(2024, 2, 4)) * 1_000_000n);
  });

  it('floors times before the epoch', () => {
    expect(goTruncate(-1n, SECOND)).toBe(-SECOND);
  });

  it('returns the time unchanged for a zero or negative duration', () => {
    expect(goTruncate(123n, 0n)).toBe(123n);
    expect(goTruncate(123n, -5n)).toBe(123n);
  });
});

describe('goRound', () => {
  it('rounds halfway values up', () => {
    expect(goRound(1_500_000_000n, SECOND)).toBe(2n * SECOND);
    expect(goRound(1_499_999_999n, SECOND)).toBe(SECOND);
    expect(goRound(-500_000_000n, SECOND)).toBe(0n);
  });

  it('returns the time unchanged for a zero duration', () => {
    expect(goRound(7n, 0n)).toBe(7n);
  });
});
