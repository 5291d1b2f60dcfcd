import type { Point } from './point';

/**
 * Turns points into Kafka message values and back. Both directions are async because the Avro
 * codec may have to ask the schema registry for a schema it has not seen yet. `decode` rejects a
 * value that is not a valid point, so nothing unvalidated crosses the topic boundary.
 */
export interface PointCodec {
  /** A short name for logs and message headers: `avro` or `json`. */
  readonly format: string;
  encode(point: Point): Promise<Buffer>;
  decode(value: Buffer): Promise<Point>;
}

/** Thrown by `decode` for a value that is not an encoded point. */
export class PointDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PointDecodeError';
  }
}
