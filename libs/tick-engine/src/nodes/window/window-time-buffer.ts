import type { Point } from '@vigil/core';
import { decodePoint, encodePoint, expectArray, expectNumber, member } from '../../runtime/snapshot-codec';

/**
 * Kapacitor's ring buffer of a time window (`windowTimeBuffer`), reproduced slot for slot.
 *
 * The buffer's shape decides which points survive a purge when points arrive out of order, so
 * vigil keeps Go's growth rule (a full buffer is copied into `size + 1` slots of a slice with
 * capacity `2 * (size + 1)`), its wrap-around and its purge walk, including the wrapped case
 * that looks only at the last physical slot before deciding where to start. With ordered input
 * this is simply "drop from the oldest until the first point to keep".
 */
export class WindowTimeBuffer {
  /** The slice's elements (`len(window)`); slots outside start..stop are stale. */
  window: Point[] = [];
  /** The slice's capacity (`cap(window)`). */
  capacity = 0;
  start = 0;
  stop = 0;
  size = 0;

  insert(point: Point): void {
    if (this.size === this.capacity) this.grow();
    if (this.window.length === this.capacity && this.stop === this.window.length) this.stop = 0;
    if (this.stop === this.window.length) this.window.push(point);
    else this.window[this.stop] = point;
    this.size++;
    this.stop++;
  }

  private grow(): void {
    const grown = this.size === 0 ? [] : this.points();
    // Go makes `size + 1` zero-valued elements; the insert that follows writes the last one.
    this.window = grown;
    this.capacity = 2 * (this.size + 1);
    this.start = 0;
    this.stop = this.size;
  }

  /** Drops points from the oldest end until the first one to keep (time >= or > oldest). */
  purge(oldest: bigint, inclusive: boolean): void {
    const keep = inclusive ? (t: bigint) => t >= oldest : (t: bigint) => t > oldest;
    const length = this.window.length;
    if (length === 0) return;
    if (this.start < this.stop) {
      while (this.start < this.stop && !keep(this.timeAt(this.start))) this.start++;
      this.size = this.stop - this.start;
    } else if (keep(this.timeAt(length - 1))) {
      while (this.start < length && !keep(this.timeAt(this.start))) this.start++;
      this.size = length - this.start + this.stop;
    } else {
      this.start = 0;
      while (this.start < this.stop && !keep(this.timeAt(this.start))) this.start++;
      this.size = this.stop - this.start;
    }
  }

  private timeAt(index: number): bigint {
    return (this.window[index] as Point).time;
  }

  /** The buffered points, oldest inserted first. */
  points(): Point[] {
    if (this.size === 0) return [];
    if (this.stop > this.start) return this.window.slice(this.start, this.stop);
    return this.window.slice(this.start).concat(this.window.slice(0, this.stop));
  }

  snapshot(): unknown {
    return { window: this.window.map(encodePoint), capacity: this.capacity, start: this.start, stop: this.stop, size: this.size };
  }

  static restore(state: unknown): WindowTimeBuffer {
    const buffer = new WindowTimeBuffer();
    buffer.window = expectArray(member(state, 'window', 'window buffer'), 'window buffer').map(decodePoint);
    buffer.capacity = expectNumber(member(state, 'capacity', 'window buffer'), 'capacity');
    buffer.start = expectNumber(member(state, 'start', 'window buffer'), 'start');
    buffer.stop = expectNumber(member(state, 'stop', 'window buffer'), 'stop');
    buffer.size = expectNumber(member(state, 'size', 'window buffer'), 'size');
    return buffer;
  }
}
