/**
 * Kafka headers of the points topic contract (docs/evaluator.md). Ingest sets `vigil-db` and
 * `vigil-rp` on every message; an external producer may leave them out, and then the
 * evaluator's configured default database and retention policy apply.
 */
export const POINT_HEADERS = {
  /** Database of the points in the message (InfluxDB's `db`). */
  database: 'vigil-db',
  /** Retention policy of the points in the message (InfluxDB's `rp`). */
  retentionPolicy: 'vigil-rp',
  /** Timestamp unit of line-protocol values: n (default), u, ms, s, m, h. */
  precision: 'vigil-precision',
  /**
   * On repartition topics only: `topic:partition:offset:index` of the points-topic message (and
   * point within it) that was forwarded, so a point forwarded twice is applied once.
   */
  source: 'vigil-source',
  /**
   * When vigil accepted the points, ms since the epoch, where the record's own timestamp is not
   * that time: on repartition topics (the time of the points-topic record they were forwarded
   * from) and in the standalone point log (which has no record timestamps). Absent on the points
   * topic, whose record timestamp ingest's producer sets when it accepts the write.
   */
  accepted: 'vigil-accepted-ms',
} as const;

/**
 * When vigil accepted the points of a record: its `vigil-accepted-ms` header, else its record
 * timestamp (set by ingest's producer; by whoever produced it for an external producer); undefined
 * when neither is known. It is what delivery latency and evaluation delay are measured from,
 * whatever time the points themselves carry.
 */
export function acceptedMsOf(message: { readonly headers: Readonly<Record<string, string>>; readonly timestampMs: number }): number | undefined {
  const header = message.headers[POINT_HEADERS.accepted];
  if (header !== undefined) {
    const ms = Number(header);
    if (Number.isSafeInteger(ms) && ms > 0) return ms;
  }
  return message.timestampMs > 0 ? message.timestampMs : undefined;
}
