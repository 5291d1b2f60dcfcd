import type { Point } from '@vigil/core';
import { POINT_HEADERS } from '@vigil/evaluation';
import { SinkUnavailableError, type LineSource, type PointSink } from '@vigil/ingest-http';
import { pointRecordsOf, type PointRecord } from './point-records';
import { requestRecordOf } from './request-record';
import { SERVE_MAX_POINT_BYTES } from './point-size';

/** The part of the point log the sink needs. */
export interface PointLogAppender {
  append(records: readonly PointRecord[]): Promise<unknown>;
}

/**
 * The write endpoints' sink in standalone mode: a request's points are appended to the point log
 * and `write` resolves once they are fsynced, so a 204 means the points survive a crash, as a 204
 * from ingest means Kafka acknowledged them. A failed append (disk full, I/O error) answers 503
 * and the request counts as not written (its records go in one append). A point
 * larger than `maxPointBytes` as ingest's record (SERVE_MAX_POINT_BYTES by default, see
 * point-size.ts) refuses the request with 413 before anything is appended, as ingest does.
 * Each record carries the time it was accepted (`vigil-accepted-ms`), as a Kafka record carries
 * ingest's timestamp, for the evaluation delay and the delivery latency. A line-protocol request
 * whose every line became a point is stored as it arrived (requestRecordOf), others as
 * pointRecordsOf formats them.
 */
export class PointLogSink implements PointSink {
  constructor(
    private readonly log: PointLogAppender,
    private readonly maxPointBytes = SERVE_MAX_POINT_BYTES,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async write(points: readonly Point[], source?: LineSource): Promise<void> {
    if (points.length === 0) return;
    const accepted = String(this.nowMs());
    const asReceived = source === undefined ? undefined : requestRecordOf(points, source, this.maxPointBytes);
    const records = (asReceived === undefined ? pointRecordsOf(points, this.maxPointBytes) : [asReceived]).map((record) => ({ ...record, headers: { ...record.headers, [POINT_HEADERS.accepted]: accepted } }));
    try {
      await this.log.append(records);
    } catch (error) {
      throw new SinkUnavailableError(`the point log refused the points: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
