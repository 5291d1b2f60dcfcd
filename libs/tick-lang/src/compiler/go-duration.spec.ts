import { formatGoDuration } from './go-duration';

describe('formatGoDuration (Go time.Duration.String)', () => {
  it.each([
    [0n, '0s'],
    [10_000_000_000n, '10s'],
    [60_000_000_000n, '1m0s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_661_000_000_000n, '1h1m1s'],
    [1_500_000_000n, '1.5s'],
    [500_000_000n, '500ms'],
    [1_500_000n, '1.5ms'],
    [2_000n, '2µs'],
    [7n, '7ns'],
    [-10_000_000_000n, '-10s'],
    [86_400_000_000_000n, '24h0m0s'],
  ])('%s ns is %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });
});
