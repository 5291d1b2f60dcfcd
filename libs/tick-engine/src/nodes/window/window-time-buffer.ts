import type { Point } from '@vigil/core';
import { decodePoint, encodePoint, expectArray, expectNumber, member, SnapshotError, type EncodedPoint } from '../../runtime/snapshot-codec';

/** A purged slot: older than every purge bound. */
const PURGED: Point = Object.freeze({ database: '', retentionPolicy: '', name: '', tags: {}, fields: {}, time: -(1n << 63n) });

/**
 * Kapacitor's ring buffer of a time window (`windowTimeBuffer`), reproduced slot for slot.
 *
 * The buffer's shape decides which points survive a purge when points arrive out of order, so
 * vigil keeps Go's growth rule (a full buffer is copied into `size + 1` slots of a slice with
 * capacity `2 * (size + 1)`), its wrap-around and its purge walk, including the wrapped case
 * that looks only at the last physical slot before deciding where to start. With ordered input
 * this is simply "drop from the oldest until the first point to keep".
 *
 * One liberty, invisible in the results: a slot the purge walks past (a point it drops because
 * it is too old) is cleared to a marker older than any time. Such a point can never be kept by a
 * later purge, since the purge bound never decreases, so only its "too old" matters; clearing it
 * frees the point instead of keeping up to twice the window in memory as Go's slice does.
 */
export class WindowTimeBuffer {
  /**
   * The slice's backing array, allocated at exactly the slice's capacity (a JavaScript array
   * grown by push would reserve half as much again); `length` is `len(window)`, and slots
   * outside start..stop are stale.
   */
  private slots: Point[] = [];
  private length = 0;
  private capacity = 0;
  private start = 0;
  private stop = 0;
  private size = 0;

  insert(point: Point): void {
    if (this.size === this.capacity) this.grow();
    if (this.length === this.capacity && this.stop === this.length) this.stop = 0;
    if (this.stop === this.length) this.length++;
    this.slots[this.stop] = point;
    this.size++;
    this.stop++;
  }

  private grow(): void {
    const live = this.points();
    const capacity = 2 * (this.size + 1);
    // Go makes `size + 1` elements; the insert that follows writes the last one.
    const slots = new Array<Point>(capacity);
    for (let i = 0; i < live.length; i++) slots[i] = live[i] as Point;
    this.slots = slots;
    this.capacity = capacity;
    this.length = this.size;
    this.start = 0;
    this.stop = this.size;
  }

  /** Drops points from the oldest end until the first one to keep (time >= oldest, or > oldest). */
  purge(oldest: bigint, inclusive: boolean): void {
    const length = this.length;
    if (length === 0) return;
    if (this.start < this.stop) {
      this.start = this.dropUntilKept(this.start, this.stop, oldest, inclusive);
      this.size = this.stop - this.start;
    } else if (keeps(this.timeAt(length - 1), oldest, inclusive)) {
      this.start = this.dropUntilKept(this.start, length, oldest, inclusive);
      this.size = length - this.start + this.stop;
    } else {
      // Go restarts at slot 0 here, leaving start..length behind without looking at them (with
      // disordered input some of them may be recent); they stay in their slots as Go leaves them.
      this.start = this.dropUntilKept(0, this.stop, oldest, inclusive);
      this.size = this.stop - this.start;
    }
  }

  /** The first index from `from` (before `to`) whose point is kept; the dropped slots are cleared. */
  private dropUntilKept(from: number, to: number, oldest: bigint, inclusive: boolean): number {
    let index = from;
    while (index < to && !keeps(this.timeAt(index), oldest, inclusive)) this.slots[index++] = PURGED;
    return index;
  }

  private timeAt(index: number): bigint {
    return (this.slots[index] as Point).time;
  }

  /** The buffered points, oldest inserted first. */
  points(): Point[] {
    const points = new Array<Point>(this.size);
    if (this.size === 0) return points;
    let k = 0;
    if (this.stop > this.start) {
      for (let i = this.start; i < this.stop; i++) points[k++] = this.slots[i] as Point;
    } else {
      for (let i = this.start; i < this.length; i++) points[k++] = this.slots[i] as Point;
      for (let i = 0; i < this.stop; i++) points[k++] = this.slots[i] as Point;
    }
    return points;
  }

  snapshot(): unknown {
    const window: (EncodedPoint | null)[] = [];
    for (let i = 0; i < this.length; i++) {
      const point = this.slots[i] as Point;
      window.push(point === PURGED ? null : encodePoint(point));
    }
    return { window, capacity: this.capacity, start: this.start, stop: this.stop, size: this.size };
  }

  restore(state: unknown): void {
    const window = expectArray(member(state, 'window', 'window buffer'), 'window buffer').map((point) => (point === null ? PURGED : decodePoint(point)));
    const capacity = expectNumber(member(state, 'capacity', 'window buffer'), 'capacity');
    if (window.length > capacity) throw new SnapshotError('window buffer: more slots than its capacity');
    this.slots = new Array<Point>(capacity);
    window.forEach((point, i) => (this.slots[i] = point));
    this.length = window.length;
    this.capacity = capacity;
    this.start = expectNumber(member(state, 'start', 'window buffer'), 'start');
    this.stop = expectNumber(member(state, 'stop', 'window buffer'), 'stop');
    this.size = expectNumber(member(state, 'size', 'window buffer'), 'size');
  }
}

function keeps(time: bigint, oldest: bigint, inclusive: boolean): boolean {
  return inclusive ? time >= oldest : time > oldest;
}
