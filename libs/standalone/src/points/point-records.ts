import { encodeJsonPoint, type Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/evaluation';
import { losslessLine } from '@vigil/line-protocol';
import type { LogRecord } from '../storage/record-log/log-record';
import { PointSizeCheck } from './point-size';

/** A point-log record with the points its value holds. */
export interface PointRecord extends LogRecord {
  readonly points: readonly Point[];
}

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
 *
 * A point line protocol cannot carry exactly (a NaN field, an empty tag value, a measurement
 * starting with `{`: see `losslessLine`) gets a record of its own in the JSON point encoding,
 * as ingest writes it to Kafka, so the JSON endpoint's points reach the tasks unchanged in
 * standalone mode as in the distributed one. The JSON text escapes lone surrogates, so it
 * survives the log's UTF-8 file.
 *
 * With `maxPointBytes`, a point larger than that as ingest's Kafka record (see PointSizeCheck)
 * makes the call throw PointTooLargeError naming every such point, and no record is made.
 *
 * Each record also carries the points it was made of, so the evaluation loop can take them as
 * they are instead of parsing the value again (see HandoverPointLog); the log stores only the
 * key, value and headers.
 */
export function pointRecordsOf(points: readonly Point[], maxPointBytes?: number): PointRecord[] {
  const records: PointRecord[] = [];
  const sizes = maxPointBytes === undefined ? undefined : new PointSizeCheck(maxPointBytes);
  let lines: string[] = [];
  let linePoints: Point[] = [];
  let database = '';
  let retentionPolicy = '';
  const headersOf = (point: Point): Record<string, string> => ({ [POINT_HEADERS.database]: point.database, [POINT_HEADERS.retentionPolicy]: point.retentionPolicy });
  const flush = (): void => {
    if (lines.length === 0) return;
    records.push({
      key: '',
      value: lines.join('\n'),
      headers: { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy },
      points: linePoints,
    });
    lines = [];
    linePoints = [];
  };
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as Point;
    const line = losslessLine(point);
    if (line === undefined) {
      // Flushing first keeps the request's order, which a task's windows and joins may depend on.
      flush();
      const json = encodeJsonPoint(point).toString('utf8');
      sizes?.add(index, point, json, false);
      records.push({ key: '', value: json, headers: headersOf(point), points: [point] });
      continue;
    }
    sizes?.add(index, point, line, true);
    if (point.database !== database || point.retentionPolicy !== retentionPolicy) {
      flush();
      database = point.database;
      retentionPolicy = point.retentionPolicy;
    }
    lines.push(line);
    linePoints.push(point);
  }
  flush();
  sizes?.check();
  return records;
}
