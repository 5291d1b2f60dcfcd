import { civilTime, pad, trimmedFraction } from './civil-time';

/**
 * Go's `t.Format(time.RFC3339Nano)` for a UTC time: fraction digits without trailing zeros, no
 * fraction at all on a whole second, and `Z` (`2023-05-21T23:51:10.038Z`, `2024-03-01T10:00:00Z`).
 * This is also what `time.Time` marshals to in JSON.
 */
export function formatRFC3339Nano(ns: bigint): string {
  const t = civilTime(ns);
  return (
    `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}` +
    `T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${trimmedFraction(t.nanosecond)}Z`
  );
}

/**
 * Go's `time.Time.String()` for a UTC time without a monotonic reading, which is how templates
 * print `.Time`: `2024-03-01 10:00:10.25 +0000 UTC`.
 */
export function formatGoTimeString(ns: bigint): string {
  const t = civilTime(ns);
  return (
    `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}` +
    ` ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${trimmedFraction(t.nanosecond)} +0000 UTC`
  );
}
