/**
 * Timestamp precisions of the InfluxDB 1.x write API (`?precision=`). InfluxDB 1.x itself
 * accepts `n`, `ns`, `u`, `ms`, `s`, `m` and `h`; `us` is accepted here too because InfluxDB 2.x
 * clients send it.
 */
export type Precision = 'n' | 'ns' | 'u' | 'us' | 'ms' | 's' | 'm' | 'h';

const MULTIPLIERS: Readonly<Record<Precision, bigint>> = {
  n: 1n,
  ns: 1n,
  u: 1_000n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Nanoseconds in one unit of `precision`; throws a RangeError for an unknown precision. */
export function precisionMultiplier(precision: Precision): bigint {
  if (!Object.hasOwn(MULTIPLIERS, precision)) throw new RangeError(`unknown precision ${JSON.stringify(precision)} (use n, ns, u, us, ms, s, m or h)`);
  return MULTIPLIERS[precision];
}

/** The precision named by `text` (as found in a `?precision=` query), or undefined if unknown. */
export function parsePrecision(text: string): Precision | undefined {
  if (text === '') return 'n';
  return Object.hasOwn(MULTIPLIERS, text) ? (text as Precision) : undefined;
}

/**
 * The range of timestamps InfluxDB 1.x accepts, in nanoseconds. The two lowest int64 values and
 * the highest one are reserved by InfluxDB for unbounded query ranges, so writes outside
 * [MinInt64 + 2, MaxInt64 - 1] are refused with "time outside range".
 */
export const MIN_NANO_TIME = -9_223_372_036_854_775_806n;
export const MAX_NANO_TIME = 9_223_372_036_854_775_806n;

/** Whether `ns` lies within the range InfluxDB accepts. */
export function isTimeInRange(ns: bigint): boolean {
  return ns >= MIN_NANO_TIME && ns <= MAX_NANO_TIME;
}

/**
 * Rounds `ns` down to a whole number of `precision` units. InfluxDB truncates the server time it
 * assigns to a point without a timestamp this way, so that a write with `precision=s` never gets
 * sub-second times.
 */
export function truncateToPrecision(ns: bigint, precision: Precision): bigint {
  const unit = MULTIPLIERS[precision];
  if (unit === 1n) return ns;
  let rest = ns % unit;
  if (rest < 0n) rest += unit;
  return ns - rest;
}
