/**
 * Go's `time.Duration.String()`, which Kapacitor uses to write the deadman interval into the
 * default message (`10s`, `1m0s`, `1h0m0s`, `1.5s`, `500ms`).
 */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  const sign = negative ? '-' : '';
  if (abs < 1_000_000_000n) {
    if (abs < 1_000n) return `${sign}${abs}ns`;
    if (abs < 1_000_000n) return `${sign}${withFraction(abs, 1_000n)}µs`;
    return `${sign}${withFraction(abs, 1_000_000n)}ms`;
  }
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = withFraction(abs % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `value / unit` with the fractional digits Go prints (trailing zeros removed). */
function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return `${whole}`;
  const digits = unit.toString().length - 1;
  const fraction = rest.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}
