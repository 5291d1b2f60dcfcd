/**
 * Why a line was refused.
 *
 * - `syntax`: the line is not valid line protocol. InfluxDB 1.x answers these with
 *   `unable to parse '<line>': <reason>`.
 * - `rejected`: the line parses but InfluxDB's storage layer would drop the point (a tag key
 *   `time`, or `time` as the only field). InfluxDB answers these with
 *   `partial write: <reason> dropped=<n>`.
 */
export type LineProtocolErrorKind = 'syntax' | 'rejected';

/**
 * A line that could not become a point. `line` and `column` are 1-based and point at the
 * character where the problem was found; `column` may be one past the last character when the
 * line ended too early. `reason` is the bare explanation (what was expected), `message` prefixes
 * it with the position, and `text` holds the offending line without its line terminator so that
 * callers can build InfluxDB's `unable to parse '<text>'` message.
 */
export class LineProtocolError extends Error {
  override readonly name = 'LineProtocolError';

  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly text: string,
    readonly kind: LineProtocolErrorKind = 'syntax',
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}
