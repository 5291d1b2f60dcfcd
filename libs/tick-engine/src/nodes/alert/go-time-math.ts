/**
 * Go's time arithmetic as the alert node relies on it, on nanosecond bigints.
 *
 * Kapacitor keeps `firstTriggered` and `lastTriggered` as `time.Time` values whose unset state is
 * Go's zero time (0001-01-01T00:00:00Z), and measures with `Time.Sub`, which saturates at the
 * int64 bounds instead of overflowing. So "never triggered" behaves as infinitely old: with
 * `.stateChangesOnly(5m)` the first unchanged non-OK point after a restart is already "expired",
 * and a duration measured from the zero time is the largest Duration Go can hold.
 */

/** Go's zero `time.Time` as nanoseconds relative to the Unix epoch. */
export const GO_ZERO_TIME_NS = -62_135_596_800n * 1_000_000_000n;

const MAX_DURATION_NS = (1n << 63n) - 1n;
const MIN_DURATION_NS = -(1n << 63n);

/** `t.Sub(u)`: the difference t - u in ns, clamped to Go's Duration range. */
export function goTimeSub(t: bigint, u: bigint): bigint {
  const difference = t - u;
  if (difference > MAX_DURATION_NS) return MAX_DURATION_NS;
  if (difference < MIN_DURATION_NS) return MIN_DURATION_NS;
  return difference;
}
