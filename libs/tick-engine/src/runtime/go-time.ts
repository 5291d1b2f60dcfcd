/**
 * Go's `time.Time.Truncate` and `time.Time.Round` on nanosecond bigints.
 *
 * Go measures both from its zero time (0001-01-01T00:00:00Z), not from the Unix epoch. For every
 * duration that divides a day the two bases agree, but `1w` windows or samples align to Mondays
 * in Go, and Kapacitor's `from().truncate(1w)`, `window().align()` and `sample(1w)` follow Go.
 */

/** Seconds from Go's zero time to the Unix epoch (719162 days), in ns. */
const GO_ZERO_TO_EPOCH_NS = 62_135_596_800n * 1_000_000_000n;

/** The remainder of `t` (ns since the epoch) divided by `d`, counted from Go's zero time, in [0, d). */
function remainderSinceGoZero(t: bigint, d: bigint): bigint {
  const r = (t + GO_ZERO_TO_EPOCH_NS) % d;
  return r < 0n ? r + d : r;
}

/** `t.Truncate(d)`: the largest multiple of d (from Go's zero time) not after t; t itself when d <= 0. */
export function goTruncate(t: bigint, d: bigint): bigint {
  if (d <= 0n) return t;
  return t - remainderSinceGoZero(t, d);
}

/** `t.Round(d)`: the nearest multiple of d, halfway values rounding up; t itself when d <= 0. */
export function goRound(t: bigint, d: bigint): bigint {
  if (d <= 0n) return t;
  const r = remainderSinceGoZero(t, d);
  return r + r < d ? t - r : t + (d - r);
}
