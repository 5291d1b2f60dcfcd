import { PointTooLargeError } from './point-sink';

/**
 * Collects the points of a request too large for the limit while its records are built, then
 * refuses them all at once (PointTooLargeError, answered 413), so nothing of it is written.
 */
export class OversizedPoints {
  private readonly indexes: number[] = [];
  private firstBytes = 0;

  constructor(
    private readonly limit: number,
    /** What sets the limit, as the answer names it. */
    private readonly limitName: string,
  ) {}

  add(index: number, bytes: number): void {
    if (this.indexes.length === 0) this.firstBytes = bytes;
    this.indexes.push(index);
  }

  /** Throws PointTooLargeError when any point was added. */
  check(): void {
    if (this.indexes.length > 0) throw new PointTooLargeError(this.indexes, this.firstBytes, this.limit, this.limitName);
  }
}
