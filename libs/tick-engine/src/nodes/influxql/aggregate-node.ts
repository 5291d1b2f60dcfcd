import type { Point } from '@vigil/core';
import { GroupStates } from '../../runtime/group-states';
import type { BatchMessage, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { decodeBigint, decodePoint, encodePoint, expectArray, expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import type { Entry } from './aggregate-reducers';
import type { FieldCollector } from './field-collector';
import type { Kind } from './field-kind';
import type { AggregateFunction } from './influxql-functions';
import { distinctPoints, reducedPoint, type OutputGroup, type OutputSettings } from './influxql-output';

/** Points of one group sharing a time, waiting for a point with another time (stream input). */
interface Accumulator {
  name: string;
  time: bigint;
  kind: Kind | null;
  entries: Entry[];
}

const KINDS: readonly string[] = ['float', 'int', 'string', 'bool'];

/**
 * An aggregate or selector (`mean`, `max`, `percentile`, ...). After a window it reduces each
 * batch into one point (a batch for `distinct`). Applied directly to a stream, it gathers the
 * points of a group that share a timestamp and emits when a point with another time arrives.
 */
export class AggregateNode implements NodeRuntime {
  private readonly groups = new GroupStates<Accumulator>();

  constructor(
    readonly name: string,
    private readonly fn: AggregateFunction,
    private readonly settings: OutputSettings,
    private readonly collector: FieldCollector,
    private readonly percentile: number,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'batch') this.reduceBatch(message, emit);
    else this.accumulate(message, emit);
  }

  private reduceBatch(batch: BatchMessage, emit: Emit): void {
    let kind: Kind | null = null;
    const entries: Entry[] = [];
    for (const point of batch.points) {
      kind ??= this.collector.realize(point, batch.group);
      if (kind === null) continue;
      const value = this.collector.value(kind, point, batch.group);
      if (value !== undefined) entries.push({ value, time: point.time, point });
    }
    if (entries.length === 0 && !this.fn.emptyOk) return;
    // With no point to go by, Kapacitor assumes float64.
    this.emitReduced(entries, kind ?? 'float', batch.name, batch.tmax, batch, emit);
  }

  private accumulate(message: PointMessage, emit: Emit): void {
    const point = message.point;
    let state = this.groups.get(message.group);
    if (!state) {
      state = { name: point.name, time: point.time, kind: null, entries: [] };
      this.groups.set(message.group, state);
    } else if (point.time !== state.time) {
      if (state.kind !== null) this.emitReduced(state.entries, state.kind, state.name, state.time, message, emit);
      state.name = point.name;
      state.time = point.time;
      state.kind = null;
      state.entries = [];
    }
    state.kind ??= this.collector.realize(point, message.group);
    if (state.kind === null) return;
    const value = this.collector.value(state.kind, point, message.group);
    if (value !== undefined) state.entries.push({ value, time: point.time, point });
  }

  private emitReduced(entries: readonly Entry[], kind: Kind, name: string, time: bigint, group: OutputGroup, emit: Emit): void {
    const reduced = this.fn.reduce(entries, kind, this.percentile);
    const { group: id, groupTags, dimensions } = group;
    if (this.fn.emitsBatch) {
      emit({ kind: 'batch', name, tmax: time, group: id, groupTags, dimensions, points: distinctPoints(this.settings, reduced, name, time) });
      return;
    }
    // A reducer that selects nothing (percentile out of range) or more than one value emits nothing.
    if (reduced.length !== 1) return;
    const point = reducedPoint(this.settings, reduced[0] as (typeof reduced)[0], name, time, groupTags);
    emit({ kind: 'point', point, group: id, groupTags, dimensions });
  }

  snapshot(): unknown {
    return {
      groups: this.groups.snapshot((state) => ({
        name: state.name,
        time: state.time.toString(),
        kind: state.kind,
        points: state.entries.map((entry) => encodePoint(entry.point)),
      })),
    };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded) => {
      const kind = member(encoded, 'kind', 'accumulator');
      if (kind !== null && !KINDS.includes(kind as string)) throw new SnapshotError(`accumulator: invalid kind ${String(kind)}`);
      const points = expectArray(member(encoded, 'points', 'accumulator'), 'points').map(decodePoint);
      return {
        name: expectString(member(encoded, 'name', 'accumulator'), 'name'),
        time: decodeBigint(member(encoded, 'time', 'accumulator'), 'time'),
        kind: kind as Kind | null,
        entries: points.map((point: Point) => ({ value: this.valueOfAccepted(point), time: point.time, point })),
      };
    });
  }

  private valueOfAccepted(point: Point): Entry['value'] {
    const value = point.fields[this.settings.field];
    if (value === undefined) throw new SnapshotError(`accumulator: point lacks field ${this.settings.field}`);
    return typeof value === 'object' ? value.value : value;
  }
}
