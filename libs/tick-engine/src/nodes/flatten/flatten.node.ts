import type { FieldValue, Point } from '@vigil/core';
import { ErrorReporter } from '../../runtime/error-reporter';
import { goRound } from '../../runtime/go-time';
import { GroupStates } from '../../runtime/group-states';
import type { BarrierMessage, BatchMessage, ControlMessage, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { member } from '../../runtime/snapshot-codec';
import { decodeTimeBuffer, encodeTimeBuffer, type TimeBuffer } from '../time-buffer/time-buffer';

interface FlattenOptions {
  readonly on: readonly string[];
  readonly delimiter: string;
  readonly tolerance: bigint;
  readonly dropOriginalFieldName: boolean;
}

/** Fields flattened from the points of one time, and the time they were held at. */
interface Flattened {
  readonly time: bigint | null;
  readonly fields: Record<string, FieldValue>;
}

/**
 * `|flatten()` (`flatten.go`: `FlattenNode`): per group, the points whose times round to the
 * same multiple of the tolerance become one point when a point of another time arrives. A group
 * starts at its first point's rounded time. After sending, the group's time goes back to the sent
 * time if that was later (`flattenBuffer.Point`), so a late point joins the points of the
 * newest time again. A batch becomes a batch of flattened points, the last time's at its end.
 * Points still held when the input ends are not sent, as in Kapacitor.
 */
class FlattenNode implements NodeRuntime {
  private readonly groups = new GroupStates<TimeBuffer>();

  constructor(
    readonly name: string,
    private readonly options: FlattenOptions,
    private readonly errors: ErrorReporter,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'point') this.point(message, emit);
    else emit(this.batch(message));
  }

  private point(message: PointMessage, emit: Emit): void {
    const group = this.bufferOf(message, message.point.name, goRound(message.point.time, this.options.tolerance));
    const sent = this.add(group, message.point);
    if (!sent || Object.keys(sent.fields).length === 0) return;
    const time = sent.time as bigint;
    const point: Point = { database: '', retentionPolicy: '', name: group.info.name, tags: group.info.tags, fields: sent.fields, time };
    if (group.time === null || time > group.time) group.time = time;
    emit({ kind: 'point', point, group: group.info.group, groupTags: group.info.tags, dimensions: group.info.dimensions });
  }

  /**
   * `flattenBuffer.Barrier`: a barrier later than the group's time sends the points held as one
   * point at that time (even with no fields, unlike a change of time), then goes on; a group
   * deletion drops the group. A barrier of an unseen group creates it, named `barrier`, at the
   * barrier's rounded time (`FlattenNode.NewGroup`).
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'deleteGroup') {
      this.groups.delete(message.group);
      emit(message);
      return;
    }
    const group = this.bufferOf(message, 'barrier', goRound(message.time, this.options.tolerance));
    if ((group.time === null || message.time > group.time) && group.points.length > 0) {
      const fields = this.flatten(group.points, group.info.group);
      group.points = [];
      const point: Point = { database: '', retentionPolicy: '', name: group.info.name, tags: group.info.tags, fields, time: group.time ?? 0n };
      emit({ kind: 'point', point, group: group.info.group, groupTags: group.info.tags, dimensions: group.info.dimensions });
    }
    emit(message);
  }

  /** `BeginBatch`, `BatchPoint` and `EndBatch`: the batch with its points flattened per time. */
  private batch(message: BatchMessage): BatchMessage {
    const group = this.bufferOf(message, message.name, null);
    group.info = { ...group.info, name: message.name };
    group.time = null;
    const points: Point[] = [];
    const push = (time: bigint | null, fields: Record<string, FieldValue>): void => {
      points.push({ database: '', retentionPolicy: '', name: message.name, tags: group.info.tags, fields, time: time ?? 0n });
    };
    for (const point of message.points) {
      const sent = this.add(group, point);
      if (sent && Object.keys(sent.fields).length > 0) push(sent.time, sent.fields);
    }
    // The end of a batch sends what is held even when every point lacked a tag (no fields).
    if (group.points.length > 0) {
      push(group.time, this.flatten(group.points, group.info.group));
      group.points = [];
    }
    return { kind: 'batch', name: message.name, tmax: message.tmax, group: message.group, groupTags: message.groupTags, dimensions: message.dimensions, points };
  }

  private bufferOf(message: Message | BarrierMessage, name: string, time: bigint | null): TimeBuffer {
    let group = this.groups.get(message.group);
    if (!group) {
      group = { info: { name, group: message.group, tags: message.groupTags, dimensions: message.dimensions }, time, points: [] };
      this.groups.set(message.group, group);
    }
    return group;
  }

  /** `flattenBuffer.addPoint` on the point at its rounded time: what a change of time flattened, if anything. */
  private add(group: TimeBuffer, original: Point): Flattened | undefined {
    const time = goRound(original.time, this.options.tolerance);
    const point = time === original.time ? original : { ...original, time };
    let sent: Flattened | undefined;
    if (time !== group.time) {
      if (group.points.length > 0) {
        sent = { time: group.time, fields: this.flatten(group.points, group.info.group) };
        group.points = [];
      }
      group.time = time;
    }
    group.points.push(point);
    return sent;
  }

  /**
   * `FlattenNode.flatten`. A point missing an `on` tag is logged and left out, and, as in
   * Kapacitor, the tag values already written for it stay in front of the next point's prefix
   * (the prefix buffer is only reset after a point is written).
   */
  private flatten(points: readonly Point[], group: string): Record<string, FieldValue> {
    const { on, delimiter, dropOriginalFieldName } = this.options;
    const fields: Record<string, FieldValue> = {};
    let prefix = '';
    points: for (const point of points) {
      for (let i = 0; i < on.length; i++) {
        const tag = on[i] as string;
        const value = point.tags[tag];
        if (value === undefined) {
          this.errors.report(`point missing tag for flatten operation: tag ${tag} is missing from point`, group);
          continue points;
        }
        prefix += i > 0 ? delimiter + value : value;
      }
      for (const [field, value] of Object.entries(point.fields)) {
        const name = dropOriginalFieldName ? prefix : prefix.length > 0 ? prefix + delimiter + field : field;
        fields[name] = value;
      }
      prefix = '';
    }
    return fields;
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return {
      groups: this.groups.snapshot(encodeTimeBuffer),
    };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded, group) => decodeTimeBuffer(encoded, group, this.name));
  }
}

export const flattenNodeBuilder: NodeBuilder = {
  type: 'flatten',
  build: (definition, context) => {
    const drop = definition.last('dropOriginalFieldName');
    const options = {
      on: definition.strings('on') ?? [],
      delimiter: definition.string('delimiter'),
      tolerance: definition.duration('tolerance'),
      dropOriginalFieldName: drop !== undefined && (drop.args[0] === undefined || (drop.args[0].type === 'bool' && drop.args[0].value)),
    };
    return new FlattenNode(definition.name, options, new ErrorReporter(context.task, definition.name));
  },
};
