/**
 * A JSON point's time as nanoseconds: an integer (JSON number, exact only up to 2^53) or a
 * decimal string of an integer, both nanoseconds since the epoch; or an RFC 3339 timestamp with up
 * to nine fractional digits (`2026-11-21T20:00:00.123456789Z`, or with an offset). Returns
 * undefined for anything else.
 */
export function parseJsonTime(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^-?\d{1,19}$/.test(value)) return BigInt(value);
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(value);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = BigInt((match[2] ?? '').padEnd(9, '0'));
  return BigInt(seconds) * 1_000_000n + fraction;
}
