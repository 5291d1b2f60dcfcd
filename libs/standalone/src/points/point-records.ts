import type { Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/evaluation';
import { formatPoint } from '@vigil/line-protocol';
import type { LogRecord } from '../storage/record-log/log-record';

/**
 * The point log's records for one write request. The value is line protocol, several lines per
 * record, with the database and retention policy in the points topic's headers: exactly what
 * the evaluator's MessageDecoder reads from Kafka (Telegraf's batched lines), so standalone
 * decodes points with the same code. Line protocol rather than the JSON point codec because one
 * record then carries a whole request (one log line and one fsync per request instead of per
 * point), it parses at over a million lines a second, it needs no Kafka library, and the log stays
 * readable with `grep`. Times are written in nanoseconds, so no line relies on a record time.
 * Consecutive points of one database and retention policy share a record; a request's points
 * normally all do.
 */
export function pointRecordsOf(points: readonly Point[]): LogRecord[] {
  const records: LogRecord[] = [];
  let lines: string[] = [];
  let database = '';
  let retentionPolicy = '';
  const flush = (): void => {
    if (lines.length === 0) return;
    records.push({
      key: '',
      value: lines.join('\n'),
      headers: { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy },
    });
    lines = [];
  };
  for (const point of points) {
    if (point.database !== database || point.retentionPolicy !== retentionPolicy) {
      flush();
      database = point.database;
      retentionPolicy = point.retentionPolicy;
    }
    lines.push(formatPoint(point));
  }
  flush();
  return records;
}
