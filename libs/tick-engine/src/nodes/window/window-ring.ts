import { expectArray, expectNumber, member, SnapshotError } from '../../runtime/snapshot-codec';

/** The time of a purged slot: older than every purge bound. */
const PURGED_TIME = -(1n << 63n);

/**
 * Kapacitor's ring buffer of a time window (`windowTimeBuffer`), reproduced slot for slot, holding
 * a time and an item (the point, or one field of it) per slot.
 *
 * The buffer's shape decides which points survive a purge when points arrive out of order, so
 * vigil keeps Go's growth rule (a full buffer is copied into `size + 1` slots of a slice with
 * capacity `2 * (size + 1)`), its wrap-around and its purge walk, including the wrapped case that
 * looks only at the last physical slot before deciding where to start. With ordered input this is
 * simply "drop from the oldest until the first point to keep".
 *
 * One liberty, invisible in the results: a slot the purge walks past (a point it drops because it
 * is too old) gets a time older than any other, and its item is released when `release` is set.
 * Such a point can never be kept by a later purge, since the purge bound never decreases, so only
 * its being too old matters; releasing it frees memory Go's slice would keep.
 */
export class WindowRing<T> {
  /** Backing arrays allocated at exactly the slice's capacity; `length` is `len(window)`. */
  private times: bigint[] = [];
  private items: T[] = [];
  private length = 0;
  private capacity = 0;
  private start = 0;
  private stop = 0;
  private size = 0;

  constructor(private readonly release: T | undefined = undefined) {}

  insert(time: bigint, item: T): void {
    if (this.size === this.capacity) this.grow();
    if (this.length === this.capacity && this.stop === this.length) this.stop = 0;
    if (this.stop === this.length) this.length++;
    this.times[this.stop] = time;
    this.items[this.stop] = item;
    this.size++;
    this.stop++;
  }

  private grow(): void {
    const times = this.orderedTimes();
    const items = this.orderedItems();
    const capacity = 2 * (this.size + 1);
    // Go makes `size + 1` elements; the insert that follows writes the last one.
    this.times = new Array<bigint>(capacity);
    this.items = new Array<T>(capacity);
    for (let i = 0; i < this.size; i++) {
      this.times[i] = times[i] as bigint;
      this.items[i] = items[i] as T;
    }
    this.capacity = capacity;
    this.length = this.size;
    this.start = 0;
    this.stop = this.size;
  }

  /** Drops entries from the oldest end until the first one to keep (time >= oldest, or > oldest). */
  purge(oldest: bigint, inclusive: boolean): void {
    const length = this.length;
    if (length === 0) return;
    if (this.start < this.stop) {
      this.start = this.dropUntilKept(this.start, this.stop, oldest, inclusive);
      this.size = this.stop - this.start;
    } else if (keeps(this.times[length - 1] as bigint, oldest, inclusive)) {
      this.start = this.dropUntilKept(this.start, length, oldest, inclusive);
      this.size = length - this.start + this.stop;
    } else {
      // Go restarts at slot 0 here, leaving start..length behind without looking at them (with
      // disordered input some of them may be recent); they stay in their slots as Go leaves them.
      this.start = this.dropUntilKept(0, this.stop, oldest, inclusive);
      this.size = this.stop - this.start;
    }
  }

  /** The first index from `from` (before `to`) whose entry is kept; the dropped slots are marked. */
  private dropUntilKept(from: number, to: number, oldest: bigint, inclusive: boolean): number {
    let index = from;
    while (index < to && !keeps(this.times[index] as bigint, oldest, inclusive)) {
      this.times[index] = PURGED_TIME;
      if (this.release !== undefined) this.items[index] = this.release;
      index++;
    }
    return index;
  }

  orderedTimes(): bigint[] {
    return this.ordered(this.times);
  }

  orderedItems(): T[] {
    return this.ordered(this.items);
  }

  /** A column's buffered entries, oldest inserted first. */
  private ordered<V>(column: readonly V[]): V[] {
    const out = new Array<V>(this.size);
    if (this.size === 0) return out;
    let k = 0;
    if (this.stop > this.start) {
      for (let i = this.start; i < this.stop; i++) out[k++] = column[i] as V;
    } else {
      for (let i = this.start; i < this.length; i++) out[k++] = column[i] as V;
      for (let i = 0; i < this.stop; i++) out[k++] = column[i] as V;
    }
    return out;
  }

  snapshot(encode: (item: T) => unknown): unknown {
    const slots: unknown[] = [];
    for (let i = 0; i < this.length; i++) {
      const time = this.times[i] as bigint;
      slots.push(time === PURGED_TIME ? null : [time.toString(), encode(this.items[i] as T)]);
    }
    return { slots, capacity: this.capacity, start: this.start, stop: this.stop, size: this.size };
  }

  restore(state: unknown, decode: (encoded: unknown) => T): void {
    const slots = expectArray(member(state, 'slots', 'window buffer'), 'window slots');
    const capacity = expectNumber(member(state, 'capacity', 'window buffer'), 'capacity');
    if (slots.length > capacity) throw new SnapshotError('window buffer: more slots than its capacity');
    this.times = new Array<bigint>(capacity);
    this.items = new Array<T>(capacity);
    slots.forEach((slot, i) => {
      if (slot === null) {
        this.times[i] = PURGED_TIME;
        if (this.release !== undefined) this.items[i] = this.release;
        return;
      }
      const [time, item] = expectArray(slot, 'window slot');
      if (typeof time !== 'string' || !/^-?\d+$/.test(time)) throw new SnapshotError('window slot: bad time');
      this.times[i] = BigInt(time);
      this.items[i] = decode(item);
    });
    this.length = slots.length;
    this.capacity = capacity;
    this.start = expectNumber(member(state, 'start', 'window buffer'), 'start');
    this.stop = expectNumber(member(state, 'stop', 'window buffer'), 'stop');
    this.size = expectNumber(member(state, 'size', 'window buffer'), 'size');
  }
}

function keeps(time: bigint, oldest: bigint, inclusive: boolean): boolean {
  return inclusive ? time >= oldest : time > oldest;
}
