import { withPoints } from '../../runtime/group-id';
import { GroupStates } from '../../runtime/group-states';
import type { BarrierMessage, ControlMessage, Dimensions, Message } from '../../runtime/message';
import type { Emit, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { expectNumber, member } from '../../runtime/snapshot-codec';
import type { Tags } from '@vigil/core';
import { decodeBarrierGroup, encodeBarrierGroup, type BarrierGroup } from './barrier-group';

/**
 * The most barriers one group sends at one look at the clock. More are due only when the clock
 * jumped by more than that many intervals (a host that was stopped, a checkpoint restored long
 * after): the rest are skipped and the group's timer starts again from the clock, as a Go timer
 * that fires late fires once.
 */
export const MAX_BARRIERS_PER_LOOK = 10_000;

interface BarrierOptions {
  /** `.idle(d)`: a barrier when the group has been quiet this long; else `.period(d)`: one every d. */
  readonly idle: boolean;
  readonly interval: bigint;
  /** `.delete(TRUE)`: the group is deleted after each barrier. */
  readonly deleteGroups: boolean;
}

/**
 * `|barrier()` (`barrier.go`). Kapacitor runs a goroutine per group whose timer is the wall
 * clock: `idleBarrier` fires once the group has sent nothing for `idle`, with the time of its
 * last message plus `idle` (then again every `idle` while it stays quiet); `periodicBarrier`
 * fires every `period` from the group's creation, with the clock's time. Here the timer is the
 * task's injected clock, looked at when a message arrives and on every `tick`: the barriers due
 * by then are sent first, in the order they fell due. The clock is the wall clock in the
 * services and the time of the latest point in `vigil replay`, which makes a replay send the
 * barriers a Kapacitor fed in real time would have sent. A message arriving at the very instant
 * a timer runs out keeps it from firing; a tick at that instant fires it.
 *
 * A point (or batch point, or barrier from upstream) older than the group's last barrier is
 * dropped; an idle group's timer restarts with each message it lets through.
 */
class BarrierNode implements NodeRuntime {
  private readonly groups = new GroupStates<BarrierGroup>();
  private nextSeq = 0;
  /** No group is due before this clock time (a lower bound, so most looks need no scan); null: no group. */
  private earliest: bigint | null = null;

  constructor(
    readonly name: string,
    private readonly options: BarrierOptions,
    private readonly task: TaskContext,
  ) {}

  receive(message: Message, emit: Emit): void {
    const now = this.task.now();
    this.fireDue(now, false, emit);
    const group = this.groupFor(message.group, message.groupTags, message.dimensions, now);
    if (message.kind === 'point') {
      if (this.admit(group, message.point.time, now)) emit(message);
      return;
    }
    // Kapacitor's barrier takes a batch point by point (`BatchPoint`): late points leave it.
    const points = message.points.filter((point) => this.admit(group, point.time, now));
    emit(points.length === message.points.length ? message : withPoints(message, points));
  }

  control(message: ControlMessage, emit: Emit): void {
    const now = this.task.now();
    this.fireDue(now, false, emit);
    if (message.kind === 'deleteGroup') {
      this.groups.delete(message.group);
      emit(message);
      return;
    }
    const group = this.groupFor(message.group, message.groupTags, message.dimensions, now);
    if (!this.admit(group, message.time, now)) return;
    if (this.options.idle) group.lastBarrierTime = message.time;
    emit(message);
  }

  tick(now: bigint, emit: Emit): void {
    this.fireDue(now, true, emit);
  }

  /** `BarrierNode.NewGroup`: the timer starts with the group, `lastPointT` at the clock's time. */
  private groupFor(id: string, tags: Tags, dimensions: Dimensions, now: bigint): BarrierGroup {
    const existing = this.groups.get(id);
    if (existing) return existing;
    const group: BarrierGroup = { tags, dimensions, seq: this.nextSeq++, lastPointTime: now, lastBarrierTime: null, due: now + this.options.interval };
    this.groups.set(id, group);
    if (this.earliest === null || group.due < this.earliest) this.earliest = group.due;
    return group;
  }

  /** Whether a message of time `t` goes on; an idle group's timer restarts when it does. */
  private admit(group: BarrierGroup, t: bigint, now: bigint): boolean {
    if (group.lastBarrierTime !== null && t < group.lastBarrierTime) return false;
    if (this.options.idle) {
      group.due = now + this.options.interval;
      group.lastPointTime = t;
      // A clock that went back (a replay's late point) can bring the group's timer forward.
      if (this.earliest === null || group.due < this.earliest) this.earliest = group.due;
    }
    return true;
  }

  /** Sends every barrier due by `now` (at `now` too when `inclusive`), oldest first, groups tied in creation order. */
  private fireDue(now: bigint, inclusive: boolean, emit: Emit): void {
    if (this.earliest === null || now < this.earliest || (!inclusive && now === this.earliest)) return;
    const isDue = (due: bigint): boolean => due < now || (inclusive && due === now);
    const queue: [string, BarrierGroup][] = [];
    let earliest: bigint | null = null;
    for (const entry of this.groups.byGroup) {
      if (isDue(entry[1].due)) queue.push(entry);
      else if (earliest === null || entry[1].due < earliest) earliest = entry[1].due;
    }
    queue.sort(byDue);
    const fired = new Map<string, number>();
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [id, group] = next;
      this.fire(id, group, emit);
      if (this.options.deleteGroups) continue;
      const count = (fired.get(id) ?? 0) + 1;
      fired.set(id, count);
      if (isDue(group.due) && count >= MAX_BARRIERS_PER_LOOK) this.skipMissed(id, group, now);
      if (isDue(group.due)) insertByDue(queue, next);
      else if (earliest === null || group.due < earliest) earliest = group.due;
    }
    this.earliest = earliest;
  }

  /** `idleBarrier.emitBarrier` / `periodicBarrier.emitBarrier`, then the group deletion when asked for. */
  private fire(id: string, group: BarrierGroup, emit: Emit): void {
    const { idle, interval } = this.options;
    const time = idle ? group.lastPointTime + interval : group.due;
    if (idle) group.lastPointTime = time;
    group.lastBarrierTime = time;
    group.due += interval;
    const barrier: BarrierMessage = { kind: 'barrier', group: id, groupTags: group.tags, dimensions: group.dimensions, time };
    emit(barrier);
    if (!this.options.deleteGroups) return;
    // Kapacitor sends the deletion into the node's own input: it forgets the group, then passes it on.
    this.groups.delete(id);
    emit({ kind: 'deleteGroup', group: id });
  }

  private skipMissed(id: string, group: BarrierGroup, now: bigint): void {
    group.due = now + this.options.interval;
    this.task.log({ level: 'warn', node: this.name, group: id, message: `more than ${MAX_BARRIERS_PER_LOOK} barriers were due at once; the rest were skipped and the timer restarted from the clock` });
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return { nextSeq: this.nextSeq, groups: this.groups.snapshot(encodeBarrierGroup) };
  }

  restore(state: unknown): void {
    this.nextSeq = expectNumber(member(state, 'nextSeq', this.name), 'barrier nextSeq');
    this.groups.restore(member(state, 'groups', this.name), decodeBarrierGroup);
    let earliest: bigint | null = null;
    for (const group of this.groups.byGroup.values()) if (earliest === null || group.due < earliest) earliest = group.due;
    this.earliest = earliest;
  }
}

function byDue(a: readonly [string, BarrierGroup], b: readonly [string, BarrierGroup]): number {
  if (a[1].due !== b[1].due) return a[1].due < b[1].due ? -1 : 1;
  return a[1].seq - b[1].seq;
}

function insertByDue(queue: [string, BarrierGroup][], entry: [string, BarrierGroup]): void {
  let index = queue.length;
  while (index > 0 && byDue(queue[index - 1] as [string, BarrierGroup], entry) > 0) index--;
  queue.splice(index, 0, entry);
}

export const barrierNodeBuilder: NodeBuilder = {
  type: 'barrier',
  build: (definition, context) => {
    const idle = definition.duration('idle');
    const period = definition.duration('period');
    const deleteValue = definition.last('delete')?.args[0];
    // The catalog's validateBarrier left exactly one of them, greater than zero.
    const options = { idle: idle > 0n, interval: idle > 0n ? idle : period, deleteGroups: deleteValue?.type === 'bool' && deleteValue.value };
    return new BarrierNode(definition.name, options, context.task);
  },
};
