const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SECOND = 1000n * MS;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const DAY = 24n * HOUR;
const WEEK = 7n * DAY;

/**
 * Go's `time.Duration.String()`: `0s`, `500ms`, `1.5µs` (U+00B5), `9.75s`, `1m0s`, `1h0m0s`,
 * `-2s`. Below one second the largest unit that keeps an integer part is used; from one second on
 * it is hours, minutes and seconds with a fraction trimmed of trailing zeros.
 */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  const u = negative ? -ns : ns;
  let text: string;
  if (u < SECOND) {
    if (u < US) text = `${u}ns`;
    else if (u < MS) text = withFraction(u, US) + 'µs';
    else text = withFraction(u, MS) + 'ms';
  } else {
    const seconds = withFraction(u % MINUTE, SECOND) + 's';
    const minutes = u / MINUTE;
    if (minutes === 0n) text = seconds;
    else if (minutes < 60n) text = `${minutes}m${seconds}`;
    else text = `${minutes / 60n}h${minutes % 60n}m${seconds}`;
  }
  return negative ? '-' + text : text;
}

/** `value / unit` with the remainder as a decimal fraction, trailing zeros removed. */
function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return whole.toString();
  const width = unit.toString().length - 1;
  const digits = rest.toString().padStart(width, '0').replace(/0+$/, '');
  return `${whole}.${digits}`;
}

/**
 * InfluxQL's `FormatDuration`, which Kapacitor's `string(duration)` lambda uses: the largest unit
 * that divides the duration exactly, as an integer (`5m`, `10s`, `1h`, `2d`, `1w`, `1500ms`, `3u`,
 * `7ns`, `0s`).
 */
export function formatInfluxqlDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const units: readonly [bigint, string][] = [
    [WEEK, 'w'],
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [SECOND, 's'],
    [MS, 'ms'],
    // InfluxQL writes microseconds as "u", not "µ", to keep the output ASCII.
    [US, 'u'],
  ];
  for (const [unit, suffix] of units) {
    if (ns % unit === 0n) return `${ns / unit}${suffix}`;
  }
  return `${ns}ns`;
}
