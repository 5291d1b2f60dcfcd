/**
 * The commit position of one partition while its records are delivered out of order. Records
 * are tracked in the order they are read; each is settled when every handler of its event is
 * settled, which may be in any order because lanes run independently. Committing is only safe
 * up to the first record that is not settled yet, or Kafka would skip it after a restart.
 */
export class OffsetWatermark {
  /** Tracked offsets in read order, from the lowest not yet passed by committable(). */
  private readonly order: bigint[] = [];
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
  }

  /** The offset to commit (Kafka's "next to read"): the lowest unsettled one, or last tracked + 1. */
  committable(): bigint | undefined {
    while (this.head < this.order.length) {
      const offset = this.order[this.head];
      if (offset === undefined || this.unsettled.has(offset)) return offset;
      this.head++;
    }
    // Every tracked offset is settled: drop the passed prefix so the array does not grow forever.
    this.order.length = 0;
    this.head = 0;
    return this.last === undefined ? undefined : this.last + 1n;
  }

  pending(): number {
    return this.unsettled.size;
  }
}
