/** Passed entries are dropped once there are this many and they are at least half the array. */
const COMPACT_AT = 1024;

/**
 * The commit position of one partition while its records are delivered out of order. Records
 * are tracked in the order they are read; each is settled when every handler of its event is
 * settled, which may be in any order because lanes run independently. Committing is only safe
 * up to the first record that is not settled yet, or Kafka would skip it after a restart.
 *
 * The settled prefix is passed as settles arrive and dropped now and then, so memory follows the
 * records in hand (from the lowest unsettled one to the last read) even when, under steady
 * traffic, something is always unsettled. Every operation is amortised O(1).
 */
export class OffsetWatermark {
  /** Tracked offsets in read order; those before `head` are settled and passed. */
  private order: bigint[] = [];
  private head = 0;
  private readonly unsettled = new Set<bigint>();
  private last: bigint | undefined;

  /** Records a read offset; offsets must increase, as a partition's records do. */
  track(offset: bigint): void {
    if (this.last !== undefined && offset <= this.last) {
      throw new RangeError(`offset ${offset} tracked after ${this.last}: offsets of a partition must increase`);
    }
    this.last = offset;
    this.order.push(offset);
    this.unsettled.add(offset);
  }

  /** Marks a tracked offset done; settling an offset that is not pending is a caller bug. */
  settle(offset: bigint): void {
    if (!this.unsettled.delete(offset)) throw new RangeError(`offset ${offset} is not pending`);
    // Only the lowest tracked offset can move the position; later ones wait to be passed.
    if (offset === this.order[this.head]) this.advance();
  }

  /** The offset to commit (Kafka's "next to read"): the lowest unsettled one, or last tracked + 1. */
  committable(): bigint | undefined {
    const lowest = this.order[this.head];
    if (lowest !== undefined) return lowest;
    return this.last === undefined ? undefined : this.last + 1n;
  }

  pending(): number {
    return this.unsettled.size;
  }

  /** Offsets held in memory (settled ones not dropped yet included), for tests and diagnostics. */
  retained(): number {
    return this.order.length;
  }

  /** Passes the settled offsets at the head, then drops the passed prefix if it dominates. */
  private advance(): void {
    const { order } = this;
    for (let offset = order[this.head]; offset !== undefined && !this.unsettled.has(offset); offset = order[this.head]) this.head++;
    if (this.head === order.length) {
      this.order = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AT && this.head * 2 >= order.length) {
      // Copying only when the passed part is at least half keeps the copy cost amortised O(1).
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }
}
