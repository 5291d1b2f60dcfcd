import { expectArray, expectNumber, member, SnapshotError } from '../../runtime/snapshot-codec';
import { SlotTimes, type TimeBound } from './slot-times';
import { SlotValues } from './slot-values';

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
  /** Slot columns allocated at exactly the slice's capacity; `length` is `len(window)`. */
  private times = new SlotTimes(0);
  private items: SlotValues<T>;
  private length = 0;
  private capacity = 0;
  private start = 0;
  private stop = 0;
  private size = 0;

  /**
   * @param release what a dropped slot's item becomes, so that the item can be collected.
   * @param numeric whether items are expected to be numbers (kept unboxed until one is not).
   */
  constructor(
    private readonly release: T | undefined = undefined,
    private readonly numeric = false,
  ) {
    this.items = new SlotValues<T>(0, numeric, release);
  }

  insert(time: bigint, item: T): void {
    if (this.size === this.capacity) this.grow();
    if (this.length === this.capacity && this.stop === this.length) this.stop = 0;
    if (this.stop === this.length) this.length++;
    this.times.set(this.stop, time);
    this.items.set(this.stop, item);
    this.size++;
    this.stop++;
  }

  private grow(): void {
    const order = this.orderedIndexes();
    const capacity = 2 * (this.size + 1);
    // Go makes `size + 1` elements; the insert that follows writes the last one.
    this.times = SlotTimes.copied(this.times, order, capacity);
    this.items = SlotValues.copied(this.items, order, capacity);
    this.capacity = capacity;
    this.length = this.size;
    this.start = 0;
    this.stop = this.size;
  }

  /** Drops entries from the oldest end until the first one to keep (time >= oldest, or > oldest). */
  purge(oldest: bigint, inclusive: boolean): void {
    const length = this.length;
    if (length === 0) return;
    const bound = this.times.bound(oldest);
    if (this.start < this.stop) {
      this.start = this.dropUntilKept(this.start, this.stop, bound, inclusive);
      this.size = this.stop - this.start;
    } else if (this.times.keeps(length - 1, bound, inclusive)) {
      this.start = this.dropUntilKept(this.start, length, bound, inclusive);
      this.size = length - this.start + this.stop;
    } else {
      // Go restarts at slot 0 here, leaving start..length behind without looking at them (with
      // disordered input some of them may be recent); they stay in their slots as Go leaves them.
      this.start = this.dropUntilKept(0, this.stop, bound, inclusive);
      this.size = this.stop - this.start;
    }
  }

  /** The first index from `from` (before `to`) whose entry is kept; the dropped slots are marked. */
  private dropUntilKept(from: number, to: number, bound: TimeBound, inclusive: boolean): number {
    let index = from;
    while (index < to && !this.times.keeps(index, bound, inclusive)) {
      this.times.purge(index);
      this.items.purge(index);
      index++;
    }
    return index;
  }

  orderedTimes(): bigint[] {
    return this.times.lazily(this.orderedIndexes())();
  }

  orderedItems(): T[] {
    return this.itemsAt(this.orderedIndexes());
  }

  /**
   * The buffered items and times, oldest inserted first, the times made when first called (see
   * SlotTimes.lazily): what a column batch is made of, in one walk of the ring.
   */
  orderedColumn(): { readonly items: T[]; readonly times: () => bigint[] } {
    const order = this.orderedIndexes();
    return { items: this.itemsAt(order), times: this.times.lazily(order) };
  }

  private itemsAt(order: readonly number[]): T[] {
    const out = new Array<T>(order.length);
    for (let i = 0; i < order.length; i++) out[i] = this.items.get(order[i] as number);
    return out;
  }

  /** The slots of the buffered entries, oldest inserted first. */
  private orderedIndexes(): number[] {
    const out = new Array<number>(this.size);
    if (this.size === 0) return out;
    let k = 0;
    if (this.stop > this.start) {
      for (let i = this.start; i < this.stop; i++) out[k++] = i;
    } else {
      for (let i = this.start; i < this.length; i++) out[k++] = i;
      for (let i = 0; i < this.stop; i++) out[k++] = i;
    }
    return out;
  }

  snapshot(encode: (item: T) => unknown): unknown {
    const slots: unknown[] = [];
    for (let i = 0; i < this.length; i++) {
      slots.push(this.times.isPurged(i) ? null : [this.times.get(i).toString(), encode(this.items.get(i))]);
    }
    return { slots, capacity: this.capacity, start: this.start, stop: this.stop, size: this.size };
  }

  restore(state: unknown, decode: (encoded: unknown) => T): void {
    const slots = expectArray(member(state, 'slots', 'window buffer'), 'window slots');
    const capacity = expectNumber(member(state, 'capacity', 'window buffer'), 'capacity');
    if (slots.length > capacity) throw new SnapshotError('window buffer: more slots than its capacity');
    this.times = new SlotTimes(capacity);
    this.items = new SlotValues<T>(capacity, this.numeric, this.release);
    slots.forEach((slot, i) => {
      if (slot === null) {
        this.times.purge(i);
        this.items.purge(i);
        return;
      }
      const [time, item] = expectArray(slot, 'window slot');
      if (typeof time !== 'string' || !/^-?\d+$/.test(time)) throw new SnapshotError('window slot: bad time');
      this.times.set(i, BigInt(time));
      this.items.set(i, decode(item));
    });
    this.length = slots.length;
    this.capacity = capacity;
    this.start = expectNumber(member(state, 'start', 'window buffer'), 'start');
    this.stop = expectNumber(member(state, 'stop', 'window buffer'), 'stop');
    this.size = expectNumber(member(state, 'size', 'window buffer'), 'size');
  }
}
