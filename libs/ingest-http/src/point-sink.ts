import type { Point } from '@vigil/core';

/**
 * Where the write endpoints put the points of a request: Kafka's points topic in the scaled
 * deployment, the point log on disk in standalone mode. `write` resolves only once every point is
 * durable there, because the endpoints answer 204 as soon as it resolves; an empty array is a
 * no-op.
 */
export interface PointSink {
  write(points: readonly Point[]): Promise<void>;
}

/**
 * The sink could not make the points durable now (not connected, not acknowledged in time,
 * disk full): the request is answered 503 with Retry-After and counts as not written. Any other
 * error from a sink is a bug and surfaces as 500.
 */
export class SinkUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkUnavailableError';
  }
}
