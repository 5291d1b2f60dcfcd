import type { Tags } from '@vigil/core';
import { goRound, goTruncate } from '../../runtime/go-time';
import { GroupStates } from '../../runtime/group-states';
import type { ControlMessage, Dimensions, Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { decodeOptionalBigint, expectNumber, member } from '../../runtime/snapshot-codec';
import { decodeGroupInfo, encodeGroupInfo } from '../window/window-group';

interface GroupCount {
  readonly tags: Tags;
  readonly dimensions: Dimensions;
  emitted: number;
}

/**
 * `|stats(interval)` (`stats.go`): every interval of **wall-clock** time (the task's `tick(now)`),
 * emits one point per group with the cumulative number of messages its source node emitted in
 * that group: measurement `stats`, the group tags, field `emitted` (int), time `now` (rounded to
 * the interval with `.align()`). This is what `deadman()` expands into, so deadman alerts depend
 * on real time, not on point times. The node counts the messages it receives from its parent,
 * which are the source node's output; groups are reported in creation order (Kapacitor: map order).
 */
class StatsNode implements NodeRuntime {
  private readonly groups = new GroupStates<GroupCount>();
  private nextTick: bigint | null = null;

  constructor(
    readonly name: string,
    private readonly interval: bigint,
    private readonly align: boolean,
  ) {}

  receive(message: Message): void {
    const group = this.groups.get(message.group);
    const count = message.kind === 'point' ? 1 : (message.column?.values.length ?? message.points.length);
    if (group) group.emitted += count;
    else this.groups.set(message.group, { tags: message.groupTags, dimensions: message.dimensions, emitted: count });
  }

  /**
   * Kapacitor's stats edges count neither barriers nor deletions; a deletion removes the group's
   * counts (`statsEdge.deleteGroup`), so it is reported no more until it has points again.
   * Nothing goes on to the children: they only hear from the ticks.
   */
  control(message: ControlMessage): void {
    if (message.kind === 'deleteGroup') this.groups.delete(message.group);
  }

  tick(now: bigint, emit: Emit): void {
    if (this.nextTick === null) {
      // Like Kapacitor's ticker, the first report comes one interval after the start (the next
      // aligned boundary with `.align()`).
      this.nextTick = this.align ? goTruncate(now, this.interval) + this.interval : now + this.interval;
      return;
    }
    if (now < this.nextTick) return;
    const time = this.align ? goRound(now, this.interval) : now;
    for (const [id, group] of this.groups.byGroup) {
      const point = { database: '', retentionPolicy: '', name: 'stats', tags: group.tags, fields: { emitted: BigInt(group.emitted) }, time };
      emit({ kind: 'point', point, group: id, groupTags: group.tags, dimensions: group.dimensions });
    }
    this.nextTick += this.interval;
    // A host that ticked late skips the missed reports, as a Go ticker drops ticks.
    if (this.nextTick <= now) this.nextTick = this.align ? goTruncate(now, this.interval) + this.interval : now + this.interval;
  }

  nextTickDue(): bigint | null {
    return this.nextTick;
  }

  snapshot(): unknown {
    return {
      nextTick: this.nextTick?.toString() ?? null,
      groups: this.groups.snapshot((group) => ({ info: encodeGroupInfo({ name: '', group: '', tags: group.tags, dimensions: group.dimensions }), emitted: group.emitted })),
    };
  }

  restore(state: unknown): void {
    this.nextTick = decodeOptionalBigint(member(state, 'nextTick', this.name), 'nextTick');
    this.groups.restore(member(state, 'groups', this.name), (encoded, id) => {
      const info = decodeGroupInfo(member(encoded, 'info', 'stats group'), id);
      return { tags: info.tags, dimensions: info.dimensions, emitted: expectNumber(member(encoded, 'emitted', 'stats group'), 'emitted') };
    });
  }
}

export const statsNodeBuilder: NodeBuilder = {
  type: 'stats',
  build: (definition) => {
    const interval = definition.argDuration(0);
    if (interval <= 0n) definition.fail('stats interval must be greater than zero');
    return new StatsNode(definition.name, interval, definition.has('align'));
  },
};
