/** Offsets in this range are exact as doubles. */
const REACH = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A BigInt difference as a double, or NaN out of reach. A difference of 2^53 or more converts to a
 * double of at least 2^53, never a safe integer, so one conversion tells both.
 */
function offsetOf(difference: bigint): number {
  const offset = Number(difference);
  return Number.isSafeInteger(offset) ? offset : NaN;
}

/** A purged slot's offset: below every bound (see `bound`). */
const PURGED = -Infinity;

/**
 * A comparison bound made by `SlotTimes.bound`: an offset from the base while times are offsets,
 * the time itself once they are exact.
 */
export type TimeBound = number | bigint;

/**
 * The int64 nanosecond times of a window ring's slots, stored as double offsets from a base time
 * (the first time set). A BigInt per slot costs a heap object of its own; a double in a numbers-only
 * array costs 8 bytes in place, which is most of a window group's memory saved.
 *
 * Offsets are exact within 2^53 ns (about 104 days) of the base. A time out of reach moves the base
 * to it when every stored time is still in reach of the new base; otherwise the slots switch to
 * exact BigInts for good. Either way each slot keeps its exact time, so nothing observable changes.
 */
export class SlotTimes {
  private base: bigint | undefined;
  private offsets: number[];
  /** Set once some time cannot be an offset; `null` marks a purged slot. */
  private exact: (bigint | null)[] | undefined;

  constructor(capacity: number) {
    this.offsets = offsetSlots(capacity);
  }

  /** Empty slots of a new capacity holding the first `count` times of `from`, in order. */
  static copied(from: SlotTimes, indexes: readonly number[], capacity: number): SlotTimes {
    const copy = new SlotTimes(capacity);
    copy.base = from.base;
    if (from.exact) {
      const exact = (copy.exact = new Array<bigint | null>(capacity).fill(null));
      indexes.forEach((index, i) => (exact[i] = from.exact?.[index] ?? null));
    } else {
      indexes.forEach((index, i) => (copy.offsets[i] = from.offsets[index] as number));
    }
    return copy;
  }

  set(index: number, time: bigint): void {
    if (this.exact) {
      this.exact[index] = time;
      return;
    }
    this.base ??= time;
    const offset = offsetOf(time - this.base);
    if (Number.isNaN(offset)) {
      this.moveBase(time);
      this.set(index, time);
      return;
    }
    this.offsets[index] = offset;
  }

  purge(index: number): void {
    if (this.exact) this.exact[index] = null;
    else this.offsets[index] = PURGED;
  }

  isPurged(index: number): boolean {
    return this.exact ? this.exact[index] === null : this.offsets[index] === PURGED;
  }

  /** The time of a slot that is not purged. */
  get(index: number): bigint {
    if (this.exact) return this.exact[index] as bigint;
    return (this.base as bigint) + BigInt(this.offsets[index] as number);
  }

  /**
   * The times at `indexes`, made as BigInts when first read: the readers of a window batch's
   * column (mean, sum, ...) mostly never read its times. Offsets are copied now, since the slots
   * change with the next point.
   */
  lazily(indexes: readonly number[]): () => bigint[] {
    const exact = this.exact;
    if (exact) {
      const times = indexes.map((index) => exact[index] as bigint);
      return () => times;
    }
    const base = this.base ?? 0n;
    const offsets = indexes.map((index) => this.offsets[index] as number);
    let times: bigint[] | undefined;
    return () => (times ??= offsets.map((offset) => base + BigInt(offset)));
  }

  /**
   * `oldest` in the slots' terms, for `keeps`. An offset out of reach becomes the nearest bound
   * that compares the same with every stored offset, still above a purged slot's.
   */
  bound(oldest: bigint): TimeBound {
    if (this.exact || this.base === undefined) return oldest;
    const difference = oldest - this.base;
    const offset = offsetOf(difference);
    if (!Number.isNaN(offset)) return offset;
    return difference > 0n ? Infinity : -Number.MAX_VALUE;
  }

  /** Whether a slot's time is at or after the bound (after it when not inclusive). */
  keeps(index: number, bound: TimeBound, inclusive: boolean): boolean {
    if (this.exact) {
      const time = this.exact[index];
      if (time === null || time === undefined) return false;
      return inclusive ? time >= bound : time > bound;
    }
    if (typeof bound === 'bigint') return false;
    const offset = this.offsets[index] as number;
    return inclusive ? offset >= bound : offset > bound;
  }

  /** Rebases on `time` when every stored time is in reach of it; else switches to exact times. */
  private moveBase(time: bigint): void {
    const base = this.base as bigint;
    const times = this.offsets.map((offset) => (offset === PURGED ? null : base + BigInt(offset)));
    if (times.every((stored) => stored === null || (stored - time <= REACH && time - stored <= REACH))) {
      this.base = time;
      times.forEach((stored, i) => (this.offsets[i] = stored === null ? PURGED : Number(stored - time)));
    } else {
      this.exact = times;
      this.offsets = [];
    }
  }
}

/**
 * A numbers-only array: made here and nowhere else, so that V8's allocation feedback for this
 * site only ever sees doubles and keeps the elements unboxed.
 */
function offsetSlots(capacity: number): number[] {
  return new Array<number>(capacity).fill(PURGED);
}
