import { GroupStates } from '../../runtime/group-states';
import type { BatchMessage, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { FieldValue, Point } from '@vigil/core';
import { expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import type { FieldCollector } from './field-collector';
import type { Kind } from './field-kind';
import type { FunctionArguments, TransformFunction } from './influxql-functions';
import { transformedPoint, type OutputSettings } from './influxql-output';
import type { Transformer } from './stream-transformers';

interface TransformState {
  /** The measurement of the group's first point, which names every output (Kapacitor's `bc.name`). */
  readonly name: string;
  kind: Kind | null;
  transformer: Transformer | null;
}

const KINDS: readonly string[] = ['float', 'int', 'string', 'bool'];

/**
 * A transformation (`difference`, `movingAverage`, `cumulativeSum`, `elapsed`): each point is
 * added to the group's state and whatever the state then yields is emitted, at the point's time
 * with `{as: value}` and the group tags. A point lacking the field still asks for an output, as
 * in Kapacitor, so the previous result can be repeated. A batch is transformed point by point
 * with fresh state and stays a batch.
 */
export class TransformNode implements NodeRuntime {
  private readonly groups = new GroupStates<TransformState>();
  /**
   * The groups whose batches the node transformed (windowed input keeps nothing between batches), for
   * `working_cardinality` only: one set entry per group, added per batch, never per point, and not
   * checkpointed, so after a restore they are counted again from their next batch.
   */
  private readonly batchGroups = new Set<string>();

  constructor(
    readonly name: string,
    private readonly fn: TransformFunction,
    private readonly settings: OutputSettings,
    private readonly collector: FieldCollector,
    private readonly args: FunctionArguments,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'batch') this.transformBatch(message, emit);
    else this.transformPoint(message, emit);
  }

  private transformPoint(message: PointMessage, emit: Emit): void {
    const point = message.point;
    let state = this.groups.get(message.group);
    if (!state) {
      state = { name: point.name, kind: null, transformer: null };
      this.groups.set(message.group, state);
    }
    const output = this.step(state, point.fields[this.settings.field], point.time, message.group);
    if (!output) return;
    const outputPoint = transformedPoint(this.settings, output.value, output.time, state.name, message.groupTags);
    emit({ kind: 'point', point: outputPoint, group: message.group, groupTags: message.groupTags, dimensions: message.dimensions });
  }

  private transformBatch(batch: BatchMessage, emit: Emit): void {
    this.batchGroups.add(batch.group);
    const state: TransformState = { name: batch.name, kind: null, transformer: null };
    const points: Point[] = [];
    const add = (value: FieldValue | undefined, time: bigint): void => {
      const output = this.step(state, value, time, batch.group);
      if (output) points.push(transformedPoint(this.settings, output.value, output.time, batch.name, batch.groupTags));
    };
    const column = batch.column;
    if (column && column.field === this.settings.field) {
      const times = column.times;
      column.values.forEach((value, i) => add(value, times[i] as bigint));
    }
    else for (const point of batch.points) add(point.fields[this.settings.field], point.time);
    emit({ kind: 'batch', name: batch.name, tmax: batch.tmax, group: batch.group, groupTags: batch.groupTags, dimensions: batch.dimensions, points });
  }

  private step(state: TransformState, raw: FieldValue | undefined, time: bigint, group: string): ReturnType<Transformer['emit']> {
    if (!state.transformer) {
      state.kind = this.collector.realize(raw, group);
      if (state.kind === null) return null;
      state.transformer = this.fn.create(state.kind, this.args);
    }
    const value = this.collector.value(state.kind as Kind, raw, group);
    if (value !== undefined) state.transformer.add(value, time);
    return state.transformer.emit();
  }

  /** A group deletion (`|barrier().delete(TRUE)`): the group starts afresh with its next point. */
  forgetGroup(group: string): void {
    this.groups.delete(group);
    this.batchGroups.delete(group);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size + this.batchGroups.size;
  }

  snapshot(): unknown {
    return {
      groups: this.groups.snapshot((state) => ({ name: state.name, kind: state.kind, transformer: state.transformer ? state.transformer.snapshot() : null })),
    };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const kind = member(encoded, 'kind', 'transform');
      if (kind !== null && !KINDS.includes(kind as string)) throw new SnapshotError(`transform: invalid kind ${String(kind)}`);
      const encodedTransformer = member(encoded, 'transformer', 'transform');
      let transformer: Transformer | null = null;
      if (kind !== null && encodedTransformer !== null) {
        transformer = this.fn.create(kind as Kind, this.args);
        transformer.restore(encodedTransformer);
      }
      return { name: expectString(member(encoded, 'name', 'transform'), 'name'), kind: kind as Kind | null, transformer };
    });
  }
}
