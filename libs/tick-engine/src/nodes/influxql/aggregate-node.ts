import type { FieldValue, Point } from '@vigil/core';
import { GroupStates } from '../../runtime/group-states';
import type { BatchMessage, FieldColumn, Message, PointMessage } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import { decodeBigint, decodePoint, encodePoint, expectArray, expectString, member, SnapshotError } from '../../runtime/snapshot-codec';
import type { FieldCollector } from './field-collector';
import { kindOf, type Kind, type Value } from './field-kind';
import type { AggregateFunction } from './influxql-functions';
import { distinctPoints, reducedPoint, type OutputGroup, type OutputSettings } from './influxql-output';

/** The accepted values of a batch, their times, and their points (kept for selectors and snapshots). */
interface Collected {
  kind: Kind | null;
  readonly values: Value[];
  readonly times: bigint[];
  readonly points: Point[] | undefined;
}

/**
 * A batch column collected as it is. Its times are read from the column only by reducers that
 * need them (selectors, mode, distinct): a window's column makes them on demand.
 */
class ColumnCollected implements Collected {
  constructor(
    public kind: Kind | null,
    readonly values: Value[],
    private readonly column: FieldColumn,
  ) {}

  readonly points = undefined;

  get times(): bigint[] {
    return this.column.times as bigint[];
  }
}

/** Points of one group sharing a time, waiting for a point with another time (stream input). */
interface Accumulator {
  name: string;
  time: bigint;
  collected: Collected;
}

const KINDS: readonly string[] = ['float', 'int', 'string', 'bool'];

/** The JavaScript type of each kind's values (an Unsigned int is an object: the slow path). */
const JS_TYPE: Readonly<Record<Kind | 'none', string>> = { float: 'number', int: 'bigint', string: 'string', bool: 'boolean', none: 'none' };

const collecting = (withPoints: boolean): Collected => ({ kind: null, values: [], times: [], points: withPoints ? [] : undefined });

/**
 * An aggregate or selector (`mean`, `max`, `percentile`, ...). After a window it reduces each
 * batch into one point (a batch for `distinct`). Applied directly to a stream, it gathers the
 * points of a group that share a timestamp and emits when a point with another time arrives.
 */
export class AggregateNode implements NodeRuntime {
  private readonly groups = new GroupStates<Accumulator>();
  /**
   * The groups whose batches the node reduced (windowed input keeps nothing between batches), for
   * `working_cardinality` only: one set entry per group, added per batch, never per point, and not
   * checkpointed, so after a restore they are counted again from their next batch.
   */
  private readonly batchGroups = new Set<string>();

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
    this.batchGroups.add(batch.group);
    const column = batch.column;
    let collected: Collected;
    if (column && column.field === this.settings.field && !this.settings.selector) {
      collected = this.uniformColumn(column) ?? collecting(false);
      const values = column.values;
      if (collected.values !== values) {
        const times = column.times;
        for (let i = 0; i < values.length; i++) this.accept(collected, values[i], times[i] as bigint, undefined, batch.group);
      }
    } else {
      const points = batch.points;
      collected = this.uniformPoints(points) ?? collecting(true);
      if (collected.points !== points) for (const point of points) this.accept(collected, point.fields[this.settings.field], point.time, point, batch.group);
    }
    if (collected.values.length === 0 && !this.fn.emptyOk) return;
    // With no point to go by, Kapacitor assumes float64.
    this.emitReduced(collected, collected.kind ?? 'float', batch.name, batch.tmax, batch, emit);
  }

  /**
   * The column itself when every value is there with one type this function takes (the usual
   * case), which then needs no copy; undefined otherwise.
   */
  private uniformColumn(column: FieldColumn): Collected | undefined {
    const values = column.values;
    const first = values[0];
    if (first === undefined) return undefined;
    const kind = kindOf(first);
    const type = JS_TYPE[kind];
    if (!this.fn.kinds.includes(kind)) return undefined;
    for (let i = 1; i < values.length; i++) if (typeof values[i] !== type) return undefined;
    if (typeof first !== type) return undefined;
    return new ColumnCollected(kind, values as Value[], column);
  }

  /** Like uniformColumn, for the points of a batch: their values when all have one accepted type. */
  private uniformPoints(points: readonly Point[]): Collected | undefined {
    const field = this.settings.field;
    const first = points[0]?.fields[field];
    if (first === undefined) return undefined;
    const kind = kindOf(first);
    const type = JS_TYPE[kind];
    if (typeof first !== type || !this.fn.kinds.includes(kind)) return undefined;
    const values = new Array<Value>(points.length);
    const times = new Array<bigint>(points.length);
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as Point;
      const value = point.fields[field];
      if (typeof value !== type) return undefined;
      values[i] = value as Value;
      times[i] = point.time;
    }
    return { kind, values, times, points: points as Point[] };
  }

  /**
   * Adds a point's value when it has the field with the realized type, realizing the type from
   * the first point that can (Kapacitor's reduce context); anything else is logged and skipped.
   */
  private accept(collected: Collected, raw: FieldValue | undefined, time: bigint, point: Point | undefined, group: string): void {
    let kind = collected.kind;
    // The common case first: the field is there with the realized type.
    if (typeof raw !== JS_TYPE[kind ?? 'none']) {
      if (kind === null) {
        kind = collected.kind = this.collector.realize(raw, group);
        if (kind === null) return;
      }
      if (raw === undefined || kindOf(raw) !== kind) {
        this.collector.value(kind, raw, group);
        return;
      }
    }
    collected.values.push(typeof raw === 'object' ? raw.value : (raw as Value));
    collected.times.push(time);
    if (point) collected.points?.push(point);
  }

  private accumulate(message: PointMessage, emit: Emit): void {
    const point = message.point;
    let state = this.groups.get(message.group);
    if (!state) {
      state = { name: point.name, time: point.time, collected: collecting(true) };
      this.groups.set(message.group, state);
    } else if (point.time !== state.time) {
      const { collected } = state;
      if (collected.kind !== null) this.emitReduced(collected, collected.kind, state.name, state.time, message, emit);
      state.name = point.name;
      state.time = point.time;
      state.collected = collecting(true);
    }
    this.accept(state.collected, point.fields[this.settings.field], point.time, point, message.group);
  }

  private emitReduced(collected: Collected, kind: Kind, name: string, time: bigint, group: OutputGroup, emit: Emit): void {
    const reduced = this.fn.reduce(collected, kind, this.percentile);
    const { group: id, groupTags, dimensions } = group;
    if (this.fn.emitsBatch) {
      const points = (this.fn.batchPoints ?? distinctPoints)(this.settings, reduced, name, time, groupTags);
      // EmitBatch moves the batch time to its latest point when that is later (point times).
      let tmax = time;
      for (const point of points) if (point.time > tmax) tmax = point.time;
      emit({ kind: 'batch', name, tmax, group: id, groupTags, dimensions, points });
      return;
    }
    // A reducer that selects nothing (percentile out of range) or more than one value emits nothing.
    if (reduced.length !== 1) return;
    const point = reducedPoint(this.settings, reduced[0] as (typeof reduced)[0], name, time, groupTags);
    emit({ kind: 'point', point, group: id, groupTags, dimensions });
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
      groups: this.groups.snapshot((state) => ({
        name: state.name,
        time: state.time.toString(),
        kind: state.collected.kind,
        points: (state.collected.points ?? []).map(encodePoint),
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
        collected: { kind: kind as Kind | null, values: points.map((point: Point) => this.valueOfAccepted(point)), times: points.map((point) => point.time), points },
      };
    });
  }

  private valueOfAccepted(point: Point): Value {
    const value = point.fields[this.settings.field];
    if (value === undefined) throw new SnapshotError(`accumulator: point lacks field ${this.settings.field}`);
    return typeof value === 'object' ? value.value : value;
  }
}
