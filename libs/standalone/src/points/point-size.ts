import type { Point } from '@vigil/core';
import { parsePartitionKeys, partitionKeyFor, POINT_HEADERS } from '@vigil/evaluation';
import { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, OversizedPoints, singleRecordBatchBytes, surelyFits } from '@vigil/ingest-http';

/**
 * The largest point `vigil serve` takes, measured as ingest measures it: the Kafka record batch
 * ingest would write for the point alone with its defaults (POINTS_ENCODING `line`, PARTITION_KEYS
 * empty, so the key is the series key), against Kafka's default `max.message.bytes`. The point
 * log itself has no such limit; serve keeps it so the same body gets the same answer from
 * `vigil serve` and from ingest on a default topic (413 naming the line), and a task tried out in
 * standalone mode never meets a point ingest would refuse.
 */
export const SERVE_MAX_POINT_BYTES = KAFKA_DEFAULT_MAX_MESSAGE_BYTES;

/** How the 413 names the limit. */
export const SERVE_LIMIT_NAME = "vigil serve's point limit (Kafka's default max.message.bytes, as ingest on a default topic)";

const SERIES_KEYS = parsePartitionKeys('');

/** Measures a request's points one by one; `check` throws PointTooLargeError naming all the oversized ones. */
export class PointSizeCheck {
  private readonly oversized: OversizedPoints;
  /** Header bytes of the last database and retention policy seen: a request's points nearly always share them. */
  private last = { database: '', retentionPolicy: '', line: headerBytes(lineHeaders('', '')), json: headerBytes(dbrpHeaders('', '')) };

  constructor(private readonly limit: number) {
    this.oversized = new OversizedPoints(limit, SERVE_LIMIT_NAME);
  }

  /**
   * The point at `index`, written as `value` (its line, or its JSON encoding when `line` is
   * false). A point's series key is never longer than its line or JSON text, so most points are
   * passed on string lengths alone.
   */
  add(index: number, point: Point, value: string, line: boolean): void {
    const headers = this.headerBytesOf(point, line);
    if (surelyFits(value.length, value.length * 3, headers, this.limit)) return;
    const bytes = singleRecordBatchBytes(Buffer.byteLength(partitionKeyFor(point, SERIES_KEYS)), Buffer.byteLength(value), headers);
    if (bytes > this.limit) this.oversized.add(index, bytes);
  }

  check(): void {
    this.oversized.check();
  }

  private headerBytesOf({ database, retentionPolicy }: Point, line: boolean): number {
    if (database !== this.last.database || retentionPolicy !== this.last.retentionPolicy) {
      this.last = { database, retentionPolicy, line: headerBytes(lineHeaders(database, retentionPolicy)), json: headerBytes(dbrpHeaders(database, retentionPolicy)) };
    }
    return line ? this.last.line : this.last.json;
  }
}

function dbrpHeaders(database: string, retentionPolicy: string): Record<string, string> {
  return { [POINT_HEADERS.database]: database, [POINT_HEADERS.retentionPolicy]: retentionPolicy };
}

function lineHeaders(database: string, retentionPolicy: string): Record<string, string> {
  return { ...dbrpHeaders(database, retentionPolicy), [POINT_HEADERS.precision]: 'n' };
}
