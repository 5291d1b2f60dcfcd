/**
 * Decoding of number and duration literals, as Kapacitor does it (`tick/ast/node.go`:
 * `newNumber`, `newDur` with influxql `ParseDuration`). The lexer guarantees the shape; these
 * functions report what the shape alone cannot: octal digits, int64 range.
 */

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

export type NumberLiteral = { readonly kind: 'Int'; readonly value: bigint } | { readonly kind: 'Float'; readonly value: number };

/** Result of decoding: the value, or why the text is not a valid literal. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * A literal containing `.` is a float64; otherwise an int64, in octal when it has a leading `0`
 * (so `010` is 8 and `09` is an error), as Go's `strconv.ParseInt` with base 8 reads it.
 */
export function decodeNumber(text: string): Decoded<NumberLiteral> {
  if (text.includes('.')) {
    const value = Number(text.endsWith('.') ? `${text}0` : text);
    if (Number.isNaN(value)) return { ok: false, reason: `illegal number syntax: ${text}` };
    return { ok: true, value: { kind: 'Float', value } };
  }
  const octal = text.length > 1 && text.startsWith('0');
  if (octal && /[89]/.test(text)) {
    return { ok: false, reason: `invalid octal number ${text}: a leading 0 makes an integer octal (digits 0-7)` };
  }
  const value = octal ? BigInt(`0o${text.slice(1)}`) : BigInt(text);
  if (value > INT64_MAX) return { ok: false, reason: `number ${text} is out of the int64 range` };
  return { ok: true, value: { kind: 'Int', value } };
}

const UNIT_NS: Readonly<Record<string, bigint>> = {
  u: 1_000n,
  µ: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

/** `10s`, `5m`, `100ms`, `1w`: whole digits then exactly one unit. */
export function decodeDuration(text: string): Decoded<bigint> {
  const match = /^([0-9]+)(ms|u|µ|s|m|h|d|w)$/.exec(text);
  const digits = match?.[1];
  const unit = match?.[2];
  if (digits === undefined || unit === undefined) return { ok: false, reason: `invalid duration ${text}` };
  const ns = BigInt(digits) * (UNIT_NS[unit] ?? 0n);
  if (ns > INT64_MAX) return { ok: false, reason: `duration ${text} is out of range` };
  return { ok: true, value: ns };
}

/**
 * The shortest TICKscript spelling of a duration (largest unit that divides it), used as the
 * literal of durations computed at compile time; like influxql's `FormatDuration`.
 */
export function formatDurationLiteral(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms', 'u'] as const) {
    const size = UNIT_NS[unit] ?? 1n;
    if (abs % size === 0n) return `${sign}${abs / size}${unit}`;
  }
  // Nanosecond durations have no TICKscript literal; spell them as Go does.
  return `${sign}${abs}ns`;
}
