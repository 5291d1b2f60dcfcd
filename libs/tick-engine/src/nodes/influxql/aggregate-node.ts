import type { Point } from '@vigil/core';
import { GroupStates } from '../../runtime/group-states';
import type { BatchMessage, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { decodeBigint, decodePoint, encodePoint, expectArray, expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import type { FieldCollector } from './field-collector';
import { kindOf, type Kind, type Value } from './field-kind';
import type { AggregateFunction } from './influxql-functions';
import { distinctPoints, reducedPoint, type OutputGroup, type OutputSettings } from './influxql-output';

/** Points of one group sharing a time, waiting for a point with another time (stream input). */
interface Accumulator {
  name: string;
  time: bigint;
  kind: Kind | null;
  values: Value[];
  points: Point[];
}

const KINDS: readonly string[] = ['float', 'int', 'string', 'bool'];

/** The JavaScript type of each kind's values (an Unsigned int is an object: the slow path). */
const JS_TYPE: Readonly<Record<Kind | 'none', string>> = { float: 'number', int: 'bigint', string: 'string', bool: 'boolean', none: 'none' };

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
    const values: Value[] = [];
    const points: Point[] = [];
    for (const point of batch.points) {
      kind = this.accept(kind, point, batch.group, values, points);
    }
    if (values.length === 0 && !this.fn.emptyOk) return;
    // With no point to go by, Kapacitor assumes float64.
    this.emitReduced(values, points, kind ?? 'float', batch.name, batch.tmax, batch, emit);
  }

  /**
   * Adds a point's value when it has the field with the realized type (realizing it from the
   * first point that can); returns the kind, still null while no point realized it.
   */
  private accept(kind: Kind | null, point: Point, group: string, values: Value[], points: Point[]): Kind | null {
    const raw = point.fields[this.settings.field];
    // The common case first: the field is there with the realized type.
    if (typeof raw === JS_TYPE[kind ?? 'none']) {
      values.push(raw as Value);
      points.push(point);
      return kind;
    }
    if (kind === null) {
      kind = this.collector.realize(point, group);
      if (kind === null) return null;
    }
    if (raw === undefined || kindOf(raw) !== kind) {
      this.collector.value(kind, point, group);
      return kind;
    }
    values.push(typeof raw === 'object' ? raw.value : raw);
    points.push(point);
    return kind;
  }

  private accumulate(message: PointMessage, emit: Emit): void {
    const point = message.point;
    let state = this.groups.get(message.group);
    if (!state) {
      state = { name: point.name, time: point.time, kind: null, values: [], points: [] };
      this.groups.set(message.group, state);
    } else if (point.time !== state.time) {
      if (state.kind !== null) this.emitReduced(state.values, state.points, state.kind, state.name, state.time, message, emit);
      state.name = point.name;
      state.time = point.time;
      state.kind = null;
      state.values = [];
      state.points = [];
    }
    state.kind = this.accept(state.kind, point, message.group, state.values, state.points);
  }

  private emitReduced(values: readonly Value[], points: readonly Point[], kind: Kind, name: string, time: bigint, group: OutputGroup, emit: Emit): void {
    const reduced = this.fn.reduce({ values, points }, kind, this.percentile);
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
        points: state.points.map(encodePoint),
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
        values: points.map((point: Point) => this.valueOfAccepted(point)),
        points,
      };
    });
  }

  private valueOfAccepted(point: Point): Value {
    const value = point.fields[this.settings.field];
    if (value === undefined) throw new SnapshotError(`accumulator: point lacks field ${this.settings.field}`);
    return typeof value === 'object' ? value.value : value;
  }
}
