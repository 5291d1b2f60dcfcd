import { wrapInt64 } from './go-int64';

/** InfluxQL's ParseDuration, behind duration('...'); formatting lives in @vigil/go-format. */

const NS = 1n;
const US = 1_000n;
const MS = 1_000_000n;
const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const DAY = 24n * HOUR;
const WEEK = 7n * DAY;

const PARSE_UNITS: Readonly<Record<string, bigint>> = {
  ns: NS,
  u: US,
  µ: US,
  ms: MS,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: WEEK,
};

/**
 * InfluxQL ParseDuration: an optional leading `-`, then one or more `<digits><unit>` terms
 * (`1h30m`), units ns u µ ms s m h d w. Returns undefined for malformed text or when the sum
 * overflows int64 (Go's wrap-around check: a positive text whose total came out negative).
 */
export function parseInfluxqlDuration(text: string): bigint | undefined {
  if (text.length < 2) return undefined;
  const negative = text.startsWith('-');
  const terms = negative ? text.slice(1) : text;
  const termPattern = /([0-9]+)(ns|ms|u|µ|s|m|h|d|w)/y;
  let total = 0n;
  let consumed = 0;
  while (consumed < terms.length) {
    termPattern.lastIndex = consumed;
    const match = termPattern.exec(terms);
    if (!match) return undefined;
    const amount = BigInt(match[1] ?? '');
    if (amount > 2n ** 63n - 1n) return undefined;
    total = wrapInt64(total + wrapInt64(amount * (PARSE_UNITS[match[2] ?? ''] ?? 0n)));
    consumed = termPattern.lastIndex;
  }
  if (consumed === 0) return undefined;
  if (total < 0n && !negative) return undefined;
  return negative ? wrapInt64(-total) : total;
}
