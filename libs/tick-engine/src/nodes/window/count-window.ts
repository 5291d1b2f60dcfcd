import type { Point } from '@vigil/core';
import type { BatchMessage } from '../../runtime/message';
import { decodePoint, encodePoint, expectArray, expectNumber, member, SnapshotError } from '../../runtime/snapshot-codec';
import { windowBatch, type WindowGroupInfo } from './window-group';

/**
 * Kapacitor's count window (`windowByCount`): a ring of `periodCount` points; after each point the
 * count grows and a batch of the buffered points is emitted when it reaches the next emit count
 * (first `everyCount`, or `periodCount` with fillPeriod, then every `everyCount` more). The batch
 * time is the time of the newest point.
 */
export class CountWindow {
  private readonly buffer: (Point | null)[];
  private start = 0;
  private stop = 0;
  private size = 0;
  private count = 0;
  private nextEmit: number;

  constructor(
    readonly info: WindowGroupInfo,
    private readonly period: number,
    private readonly every: number,
    fillPeriod: boolean,
  ) {
    this.buffer = new Array<Point | null>(period).fill(null);
    this.nextEmit = fillPeriod ? period : every;
  }

  insert(point: Point): BatchMessage | undefined {
    this.buffer[this.stop] = point;
    this.stop = (this.stop + 1) % this.period;
    if (this.size === this.period) this.start = (this.start + 1) % this.period;
    else this.size++;
    this.count++;
    if (this.count !== this.nextEmit) return undefined;
    this.nextEmit += this.every;
    const points = this.points();
    return windowBatch(this.info, (points[points.length - 1] as Point).time, points);
  }

  private points(): Point[] {
    const points: Point[] = [];
    for (let i = 0; i < this.size; i++) points.push(this.buffer[(this.start + i) % this.period] as Point);
    return points;
  }

  snapshot(): unknown {
    return { points: this.points().map(encodePoint), count: this.count, nextEmit: this.nextEmit };
  }

  restore(state: unknown): void {
    // Only the order of the buffered points matters, not their slots, so they are laid out anew.
    const points = expectArray(member(state, 'points', 'count window'), 'points').map(decodePoint);
    if (points.length > this.period) throw new SnapshotError('count window: more points than periodCount');
    this.buffer.fill(null);
    points.forEach((point, i) => (this.buffer[i] = point));
    this.start = 0;
    this.size = points.length;
    this.stop = points.length % this.period;
    this.count = expectNumber(member(state, 'count', 'count window'), 'count');
    this.nextEmit = expectNumber(member(state, 'nextEmit', 'count window'), 'nextEmit');
  }
}
