import { PointTooLargeError, RECORD_BATCH_OVERHEAD } from '@vigil/ingest-http';
import { TOPIC_LIMIT_NAME } from './record-encoder';

/**
 * Most bytes a record takes beyond its key, value and headers (length, attributes, deltas and
 * the key and value lengths, counted at their largest): with it, a cheap test on string lengths
 * tells most points fit without measuring their key in bytes.
 */
export const RECORD_FRAMING_BYTES = 26;

/** True when a record of this size certainly fits; false means "measure it exactly". */
export function surelyFits(keyChars: number, valueBytes: number, headers: number, limit: number): boolean {
  return RECORD_BATCH_OVERHEAD + RECORD_FRAMING_BYTES + keyChars * 3 + valueBytes + headers <= limit;
}

/** Collects the points too large for the topic while a request is encoded, then refuses them all at once. */
export class OversizedPoints {
  private readonly indexes: number[] = [];
  private firstBytes = 0;

  constructor(private readonly limit: number) {}

  add(index: number, bytes: number): void {
    if (this.indexes.length === 0) this.firstBytes = bytes;
    this.indexes.push(index);
  }

  /** Throws PointTooLargeError when any point was added. */
  check(): void {
    if (this.indexes.length > 0) throw new PointTooLargeError(this.indexes, this.firstBytes, this.limit, TOPIC_LIMIT_NAME);
  }
}
