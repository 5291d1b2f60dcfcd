import { GroupStates } from '../../runtime/group-states';
import { sortByteOrder } from '../../runtime/byte-order';
import { toGroupId } from '../../runtime/group-id';
import type { ControlMessage, Message } from '../../runtime/message';
import { asFloat, asInt, type NodeDefinition } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { expectArray, expectNumber, member } from '../../runtime/snapshot-codec';
import { parentIndexOf } from '../multi-parent/parent-stamp';
import { barrier, collect, decodeJoinGroup, encodeJoinGroup, newJoinGroup, type JoinGroupState } from './join-group';
import { decodeOnGroup, encodeOnGroup, matchPoint, newOnGroup, onGroupId, type MatchActions, type OnGroupState, type SourcePoint } from './join-on';
import { joinIntoBatch } from './join-batch';
import { joinIntoPoint, type JoinMessage, type JoinOptions, type JoinSet } from './join-set';
import type { FieldValue } from '@vigil/core';

/**
 * `a|join(b)` (`join.go`: `JoinNode`) on points. Each point goes to the join group of its own
 * group (both parents must group alike for points to meet); there, points whose times round to
 * the same multiple of the tolerance form a set, one point per parent, and a set is sent when
 * complete, or (incomplete: dropped without fill, filled otherwise) once every parent has sent a
 * later time to that group. With `.on(tags)`, a point grouped by exactly those tags is kept and
 * given to the points of the same time grouped by more tags, each then joined in the more
 * specific point's group (`JoinNode.matchPoints`).
 *
 * Batches (a join after `query()` or `window()`) join the same way, each batch as one message at
 * its time: a set of batches becomes one batch whose points are joined by time
 * (`joinset.JoinIntoBatch`, in join-batch.ts).
 *
 * Kapacitor sends every set still waiting when a task stops (`JoinNode.Finish`); a stream task
 * here never stops, so, as at the end of a replay, they stay waiting.
 */
class JoinNode implements NodeRuntime {
  private readonly groups = new GroupStates<JoinGroupState>();
  private readonly onGroups = new GroupStates<OnGroupState>();
  /** Parents that have sent a point (Kapacitor's `reported`), used by `.on` only. */
  private reported = new Set<number>();

  constructor(
    readonly name: string,
    private readonly parents: readonly number[],
    private readonly options: JoinOptions,
    private readonly on: readonly string[],
  ) {}

  receive(message: Message, emit: Emit): void {
    const source = parentIndexOf(message, this.parents, this.name);
    const send = (set: JoinSet): void => {
      const joined = this.joined(set);
      if (joined) emit(joined);
    };
    if (this.on.length === 0) {
      this.collect(message.group, source, message, send);
      return;
    }
    if (this.reported.size < this.parents.length) this.reported.add(source);
    const id = onGroupId(message, this.on);
    let state = this.onGroups.get(id);
    if (!state) {
      state = newOnGroup(this.parents.length);
      this.onGroups.set(id, state);
    }
    const actions: MatchActions = {
      matched: (specific: SourcePoint, match: SourcePoint) => {
        this.collect(specific.message.group, specific.source, specific.message, send);
        this.collect(specific.message.group, match.source, withGroupOf(match.message, specific.message), send);
      },
      alone: (specific: SourcePoint) => this.collect(specific.message.group, specific.source, specific.message, send),
    };
    matchPoint(state, { source, message }, this.on, this.options.tolerance, this.reported.size === this.parents.length, actions);
  }

  /**
   * `JoinNode.Barrier`: the barrier's group (created if new) takes it as its parent's head, then
   * it goes on. A group deletion stops here: the multi-parent consumer of join drops it.
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'deleteGroup') return;
    const source = parentIndexOf(message, this.parents, this.name);
    barrier(this.joinGroupOf(message.group), source, message.time, this.options.tolerance, (set) => {
      const joined = this.joined(set);
      if (joined) emit(joined);
    });
    emit(message);
  }

  /** `joinGroup.emitJoinedSet`: a set of points gives a point, a set of batches a batch. */
  private joined(set: JoinSet): Message | undefined {
    return set.values[set.first]?.kind === 'batch' ? joinIntoBatch(set, this.options) : joinIntoPoint(set, this.options);
  }

  /** Collects into the join group `group` (a matched point goes to its specific point's group). */
  private collect(group: string, source: number, message: JoinMessage, send: (set: JoinSet) => void): void {
    collect(this.joinGroupOf(group), source, message, this.options.tolerance, send);
  }

  private joinGroupOf(id: string): JoinGroupState {
    let group = this.groups.get(id);
    if (!group) {
      group = newJoinGroup(this.parents.length);
      this.groups.set(id, group);
    }
    return group;
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return { groups: this.groups.snapshot(encodeJoinGroup), on: this.onGroups.snapshot(encodeOnGroup), reported: [...this.reported] };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), decodeJoinGroup);
    this.onGroups.restore(member(state, 'on', this.name), decodeOnGroup);
    this.reported = new Set(expectArray(member(state, 'reported', this.name), 'join reported').map((index) => expectNumber(index, 'join reported parent')));
  }
}

/**
 * The less specific point as `sendMatchPoint` hands it on: with the specific point's group tags
 * and dimensions (`SetTagsAndDimensions`), hence in its group. A batch gets the specific batch's
 * group tags as its own (`SetTags`: grouped by all of them, its points unchanged).
 */
function withGroupOf(match: JoinMessage, specific: JoinMessage): JoinMessage {
  if (match.kind === 'point') {
    return { kind: 'point', point: { ...match.point, tags: specific.groupTags }, group: specific.group, groupTags: specific.groupTags, dimensions: specific.dimensions };
  }
  const by = sortByteOrder(Object.keys(specific.groupTags));
  const dimensions = { by, byMeasurement: match.dimensions.byMeasurement, exclude: [] };
  return { kind: 'batch', name: match.name, tmax: match.tmax, group: toGroupId(match.name, specific.groupTags, by, dimensions.byMeasurement), groupTags: specific.groupTags, dimensions, points: match.points };
}

/** `.fill()`: a number fills (int or float as written), `'none'` or nothing is an inner join. */
function fillOf(definition: NodeDefinition): FieldValue | undefined {
  const value = definition.last('fill')?.args[0];
  if (!value || value.type === 'string') return undefined;
  return value.type === 'int' ? asInt(value) : asFloat(value);
}

export const joinNodeBuilder: NodeBuilder = {
  type: 'join',
  build: (definition) =>
    new JoinNode(
      definition.name,
      definition.node.parents,
      {
        prefixes: definition.strings('as') ?? [],
        delimiter: definition.string('delimiter'),
        streamName: definition.string('streamName'),
        tolerance: definition.duration('tolerance'),
        fill: fillOf(definition),
      },
      definition.strings('on') ?? [],
    ),
};
