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
} as const;
