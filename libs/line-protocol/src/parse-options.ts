import type { Precision } from './precision';

export interface ParseOptions {
  /** Copied into every point (InfluxDB's `db` query parameter); default ''. */
  readonly database?: string;
  /** Copied into every point (InfluxDB's `rp` query parameter); default ''. */
  readonly retentionPolicy?: string;
  /** Unit of the timestamps in the text; default 'n' (nanoseconds). */
  readonly precision?: Precision;
  /**
   * Time, in nanoseconds, given to lines without a timestamp: the caller's "now". It is truncated
   * to `precision` as InfluxDB does. Without it such lines are errors; the library never reads
   * the clock.
   */
  readonly defaultTime?: bigint;
}
