import type { Point } from '@vigil/core';
import type { LineSource } from '../point-sink';

/** What an endpoint made of a body: the points to write and what to say about the rest. */
export interface ParsedWrite {
  readonly points: readonly Point[];
  /** Items that could not become points. */
  readonly rejected: number;
  /** When set, the answer after writing `points` is 400 with this InfluxDB-style error. */
  readonly error?: string;
  /**
   * Where the point at `index` of `points` came from in the body, as the writer can find it
   * (`line 12`, `[3]`, `timeseries 4`), for answers that name one point. `point <index + 1>`
   * when absent.
   */
  readonly positionOf?: (index: number) => string;
  /** The line-protocol body the points came from, when every line of it became a point (handed to the sink). */
  readonly source?: LineSource;
}

/** A request refused before anything was written: answered with `status` and `{"error": message}`. */
export class WriteRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}
