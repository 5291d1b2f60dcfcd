import type { ParseResult } from '@vigil/line-protocol';

/**
 * InfluxDB 1.x's 400 text for a body with bad lines: each unparsable line as
 * `unable to parse '<line>': <reason>`, joined by newlines, wrapped in
 * `partial write: ... dropped=0` when other points were written (InfluxDB says dropped=0 there:
 * it counts only points its storage dropped). Points storage would refuse (kind `rejected`) win,
 * as in InfluxDB: `partial write: <reason> dropped=<n>`. vigil adds ` (line N)` to each reason so
 * the writer can find the line; clients match on the `partial write:` / `unable to parse` prefix.
 */
export function partialWriteError(result: ParseResult): string | undefined {
  const rejected = result.errors.filter((error) => error.kind === 'rejected');
  const first = rejected[0];
  if (first !== undefined) return `partial write: ${first.reason} (line ${first.line}) dropped=${rejected.length}`;
  if (result.errors.length === 0) return undefined;
  const unparsed = result.errors.map((error) => `unable to parse '${error.text}': ${error.reason} (line ${error.line})`).join('\n');
  return result.points.length === 0 ? unparsed : `partial write: ${unparsed} dropped=0`;
}
