import type { Point } from '@vigil/core';
import type { GroupInfo } from '../../runtime/group-id';
import type { BatchMessage } from '../../runtime/message';
import { decodeOptionalBigint, decodePoint, encodePoint, expectArray, expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import { decodeGroupInfo, encodeGroupInfo, windowBatch, type WindowGroupInfo } from '../window/window-group';

/** One regrouped batch being filled: the group it belongs to and the points gathered so far. */
interface HeldBatch {
  readonly info: WindowGroupInfo;
  readonly tmax: bigint;
  readonly points: Point[];
}

/**
 * The batches a `groupBy` node has regrouped but not yet sent (Kapacitor's `GroupByNode.groups`
 * with `lastTime`). Batches of one time that come from different source groups are merged into
 * one batch per new group; all of them are sent when a batch of another time begins
 * (`GroupByNode.BeginBatch` -> `emit`), so the batches of the newest time stay held until then.
 * A batch without points only moves the time: it creates no group, so it is never sent on.
 */
export class HeldBatches {
  /** The time of the batches being held (Kapacitor starts from Go's zero time: never equal). */
  private lastTime: bigint | null = null;
  private readonly held = new Map<string, HeldBatch>();

  /**
   * Called when a batch of time `tmax` begins: when the time differs from the held batches', they
   * are all sent, each with its points sorted by time.
   *
   * Kapacitor sends them in Go map order, which is random from run to run; vigil sends them in
   * the order their groups first appeared, so that a replay is repeatable. Kapacitor sorts with
   * Go's `sort.Sort`, stable for the short batches (under 12 points) Go 1.15 sorts by insertion;
   * vigil sorts stably at every length, so points of equal times keep their arrival order.
   */
  begin(tmax: bigint, emit: (batch: BatchMessage) => void): void {
    if (tmax === this.lastTime) return;
    this.lastTime = tmax;
    const sending = [...this.held.values()];
    this.held.clear();
    for (const batch of sending) {
      const points = batch.points.slice().sort(byTime);
      emit(windowBatch(batch.info, batch.tmax, points));
    }
  }

  /** Adds one point of the batch named `name` at `tmax` to the batch of its new group. */
  add(group: GroupInfo, name: string, tmax: bigint, point: Point): void {
    const held = this.held.get(group.id);
    if (held) {
      held.points.push(point);
      return;
    }
    // The first batch to reach a group names it and gives it its tags (the group-by tags of this
    // point), as Kapacitor's copy of that batch's begin message does.
    const info: WindowGroupInfo = { name, group: group.id, tags: group.tags, dimensions: group.dimensions };
    this.held.set(group.id, { info, tmax, points: [point] });
  }

  /** The groups held until the next time (Kapacitor's `len(n.groups)`). */
  get size(): number {
    return this.held.size;
  }

  snapshot(): unknown {
    return {
      lastTime: this.lastTime === null ? null : this.lastTime.toString(),
      held: [...this.held.values()].map((batch) => ({
        group: batch.info.group,
        info: encodeGroupInfo(batch.info),
        tmax: batch.tmax.toString(),
        points: batch.points.map(encodePoint),
      })),
    };
  }

  restore(state: unknown): void {
    const lastTime = decodeOptionalBigint(member(state, 'lastTime', 'groupBy state'), 'groupBy lastTime');
    const held = new Map<string, HeldBatch>();
    for (const entry of expectArray(member(state, 'held', 'groupBy state'), 'groupBy held batches')) {
      const group = expectString(member(entry, 'group', 'held batch'), 'held batch group');
      const info = decodeGroupInfo(member(entry, 'info', 'held batch'), group);
      const tmax = decodeOptionalBigint(member(entry, 'tmax', 'held batch'), 'held batch tmax');
      if (tmax === null) throw new SnapshotError('held batch: tmax is missing');
      const points = expectArray(member(entry, 'points', 'held batch'), 'held batch points').map(decodePoint);
      held.set(group, { info, tmax, points });
    }
    this.lastTime = lastTime;
    this.held.clear();
    for (const [group, batch] of held) this.held.set(group, batch);
  }
}

function byTime(a: Point, b: Point): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
