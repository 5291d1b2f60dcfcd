import type { Point } from '@vigil/core';
import type { Precision } from '@vigil/line-protocol';

/**
 * Where the write endpoints put the points of a request: Kafka's points topic in the scaled
 * deployment, the point log on disk in standalone mode. `write` resolves only once every point is
 * durable there, because the endpoints answer 204 as soon as it resolves; an empty array is a
 * no-op.
 */
export interface PointSink {
  /** `source`: the line-protocol body the points were parsed from, given only when every line became a point. */
  write(points: readonly Point[], source?: LineSource): Promise<void>;
}

/**
 * A line-protocol body as received (un-gzipped) with what its points were parsed with, so a sink
 * can store the request's own text instead of formatting the points again (vigil serve's point
 * log). Parsing `body` with these options gives the very points passed beside it.
 */
export interface LineSource {
  readonly body: Buffer;
  readonly database: string;
  readonly retentionPolicy: string;
  readonly precision: Precision;
  /** Nanoseconds given to lines without a timestamp (before truncation to `precision`). */
  readonly defaultTime: bigint;
  /** The 1-based line on which each point starts, parallel to the points. */
  readonly lines: readonly number[];
}

/**
 * Points the sink can never store, whatever it is retried: each as a record would be larger
 * than the sink's limit (ingest: the points topic's `max.message.bytes`). Thrown before anything
 * of the request is written; answered 413 naming the first such point.
 */
export class PointTooLargeError extends Error {
  constructor(
    /** Indexes into the request's points, in order; never empty. */
    readonly indexes: readonly number[],
    /** The size of the first one as a record. */
    readonly bytes: number,
    readonly limit: number,
    /** What sets the limit, as the answer names it. */
    readonly limitName: string,
  ) {
    super(`a point of ${bytes} bytes as a record is larger than ${limitName} (${limit})`);
    this.name = 'PointTooLargeError';
  }
}

/**
 * Some of the request's points may be durable and some not: an acknowledged part before a
 * failed one, or no answer in time while the sink may still write them. Answered 500 (not 503,
 * which promises nothing was written); a client that retries may write some points twice.
 */
export class SinkPartialWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkPartialWriteError';
  }
}

/**
 * The sink could not make the points durable now (not connected, refused by Kafka before any
 * part was acknowledged, disk full), and nothing of the request was written: the request is
 * answered 503 with Retry-After and counts as not written. Any other error from a sink is a bug
 * and surfaces as 500.
 */
export class SinkUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkUnavailableError';
  }
}
