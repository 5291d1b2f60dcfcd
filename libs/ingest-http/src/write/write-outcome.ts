import type { Point } from '@vigil/core';

/** What an endpoint made of a body: the points to write and what to say about the rest. */
export interface ParsedWrite {
  readonly points: readonly Point[];
  /** Items that could not become points. */
  readonly rejected: number;
  /** When set, the answer after writing `points` is 400 with this InfluxDB-style error. */
  readonly error?: string;
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
