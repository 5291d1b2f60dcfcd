import type { ParseResult } from './parse-lines';

/**
 * The error text InfluxDB 1.x's `/write` endpoint answers with (HTTP 400) for a body that parsed
 * into `result`, or undefined when every line was good. It follows InfluxDB's handler:
 * - a point its storage refuses (kind `rejected`) wins: `partial write: <first reason> dropped=<n>`;
 * - lines that do not parse are listed as `unable to parse '<line>': <reason>`, one per line,
 *   prefixed by `partial write: ` and suffixed by ` dropped=0` when other points were written
 *   (InfluxDB really says dropped=0 there), bare when none was.
 * The reasons are vigil's, which say more than InfluxDB's (`missing tag value for tag key "host"`
 * where InfluxDB says `missing tag value`).
 */
export function influxWriteError(result: ParseResult): string | undefined {
  const rejected = result.errors.filter((error) => error.kind === 'rejected');
  const first = rejected[0];
  if (first !== undefined) return `partial write: ${first.reason} dropped=${rejected.length}`;
  if (result.errors.length === 0) return undefined;
  const unparsed = result.errors.map((error) => `unable to parse '${error.text}': ${error.reason}`).join('\n');
  return result.points.length === 0 ? unparsed : `partial write: ${unparsed} dropped=0`;
}
