import type { FieldValue, Point } from '@vigil/core';
import { goTruncate } from '../../runtime/go-time';
import { GroupStates } from '../../runtime/group-states';
import type { BarrierMessage, BatchMessage, ControlMessage, Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { decodeBigint, decodeField, decodePoint, encodeField, encodePoint, member } from '../../runtime/snapshot-codec';
import { columnFieldOf } from './column-eligibility';
import { CountWindow } from './count-window';
import { columnBatch, decodeGroupInfo, encodeGroupInfo, LazyTimesColumn, windowBatch, type WindowGroupInfo } from './window-group';
import { WindowRing } from './window-ring';

interface TimeWindowOptions {
  readonly period: bigint;
  readonly every: bigint;
  readonly align: boolean;
  readonly fillPeriod: boolean;
  /** Set when every child reads only this field (see `columnFieldOf`): the window keeps just it. */
  readonly column: string | undefined;
}

/** What a window slot holds: the point, or only the one field its children read. */
type Slot = Point | FieldValue | undefined;

/** A dropped point slot: released so that the point can be collected. */
const RELEASED: Point = Object.freeze({ database: '', retentionPolicy: '', name: '', tags: {}, fields: {}, time: 0n });

/** One group's window: the ring plus what the group's batches are made of. */
class TimeWindowState extends WindowRing<Slot> {
  constructor(
    readonly info: WindowGroupInfo,
    public nextEmit: bigint,
    column: boolean,
  ) {
    // A column's items start as unboxed numbers; once boxed, a dropped slot gets 0 (never read)
    // so that its boxed value can be collected.
    super(column ? 0 : RELEASED, column);
  }
}

/**
 * A time window per group (`windowByTime`). A window is emitted only when a later point of the
 * same group arrives, never on a timer; without `.align()` the boundaries follow the data.
 */
class TimeWindowNode implements NodeRuntime {
  private readonly groups = new GroupStates<TimeWindowState>();

  constructor(
    readonly name: string,
    private readonly options: TimeWindowOptions,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind !== 'point') return;
    const point = message.point;
    let state = this.groups.get(message.group);
    if (!state) {
      const info = { name: point.name, group: message.group, tags: message.groupTags, dimensions: message.dimensions };
      state = new TimeWindowState(info, this.firstEmit(point.time), this.options.column !== undefined);
      this.groups.set(message.group, state);
    }
    const batch = this.insert(state, point);
    if (batch) emit(batch);
  }

  /**
   * `windowByTime.Barrier`: a barrier at or after the next emit time emits the window as a point
   * of that time would, without adding anything to it, and is not passed on. A group deletion
   * drops the group's window. A barrier of a group the node has not seen creates its window as a
   * first point would (`WindowNode.NewGroup` with the barrier: its batches are named `barrier`).
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'deleteGroup') {
      this.groups.delete(message.group);
      emit(message);
      return;
    }
    const state = this.groups.get(message.group) ?? this.created(message);
    const { period, every, align } = this.options;
    if (message.time < state.nextEmit) return;
    if (every === 0n) {
      // The right-closed window (b - period, b], as a point at b would make it.
      state.purge(message.time - period, false);
      state.nextEmit = message.time;
      emit(this.batch(state, message.time));
      return;
    }
    state.purge(state.nextEmit - period, true);
    const batch = this.batch(state, state.nextEmit);
    state.nextEmit = align ? goTruncate(message.time + every, every) : message.time + every;
    emit(batch);
  }

  private created(barrier: BarrierMessage): TimeWindowState {
    const info = { name: 'barrier', group: barrier.group, tags: barrier.groupTags, dimensions: barrier.dimensions };
    const state = new TimeWindowState(info, this.firstEmit(barrier.time), this.options.column !== undefined);
    this.groups.set(barrier.group, state);
    return state;
  }

  private firstEmit(t: bigint): bigint {
    const { period, every, align, fillPeriod } = this.options;
    if (!fillPeriod) return align ? goTruncate(t + every, every) : t + every;
    const full = t + period;
    if (!align) return full;
    const aligned = goTruncate(full, every);
    // The first emit must be aligned and after a full period, so the first points are dropped.
    return aligned > full ? aligned : aligned + every;
  }

  private insert(state: TimeWindowState, point: Point): BatchMessage | undefined {
    const { period, every, align, column } = this.options;
    const slot: Slot = column === undefined ? point : point.fields[column];
    if (every === 0n) {
      // Every point emits the right-closed window (t - period, t], itself included.
      state.insert(point.time, slot);
      if (point.time < state.nextEmit) return undefined;
      state.purge(point.time - period, false);
      state.nextEmit = point.time;
      return this.batch(state, point.time);
    }
    let batch: BatchMessage | undefined;
    if (point.time >= state.nextEmit) {
      // The emitted window is left-closed [nextEmit - period, nextEmit) and excludes this point.
      state.purge(state.nextEmit - period, true);
      batch = this.batch(state, state.nextEmit);
      state.nextEmit = align ? goTruncate(point.time + every, every) : point.time + every;
    }
    state.insert(point.time, slot);
    return batch;
  }

  private batch(state: TimeWindowState, tmax: bigint): BatchMessage {
    const column = this.options.column;
    if (column === undefined) return windowBatch(state.info, tmax, state.orderedItems() as Point[]);
    const { items, times } = state.orderedColumn();
    return columnBatch(state.info, tmax, new LazyTimesColumn(column, items as (FieldValue | undefined)[], times));
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    const encode = this.options.column === undefined ? (slot: Slot) => encodePoint(slot as Point) : (slot: Slot) => (slot === undefined ? null : encodeField(slot as FieldValue));
    return {
      groups: this.groups.snapshot((state) => ({ info: encodeGroupInfo(state.info), nextEmit: state.nextEmit.toString(), buffer: state.snapshot(encode) })),
    };
  }

  restore(state: unknown): void {
    const column = this.options.column !== undefined;
    const decode = column ? (encoded: unknown) => (encoded === null ? undefined : decodeField(encoded)) : decodePoint;
    this.groups.restore(member(state, 'groups', this.name), (encoded, group) => {
      const restored = new TimeWindowState(
        decodeGroupInfo(member(encoded, 'info', 'window group'), group),
        decodeBigint(member(encoded, 'nextEmit', 'window group'), 'nextEmit'),
        column,
      );
      restored.restore(member(encoded, 'buffer', 'window group'), decode);
      return restored;
    });
  }
}

/** A count window per group (`windowByCount`). */
class CountWindowNode implements NodeRuntime {
  private readonly groups = new GroupStates<CountWindow>();

  constructor(
    readonly name: string,
    private readonly periodCount: number,
    private readonly everyCount: number,
    private readonly fillPeriod: boolean,
  ) {}

  receive(message: Message, emit: Emit): void {
    if (message.kind !== 'point') return;
    let window = this.groups.get(message.group);
    if (!window) {
      const info = { name: message.point.name, group: message.group, tags: message.groupTags, dimensions: message.dimensions };
      window = new CountWindow(info, this.periodCount, this.everyCount, this.fillPeriod);
      this.groups.set(message.group, window);
    }
    const batch = window.insert(message.point);
    if (batch) emit(batch);
  }

  /**
   * `windowByCount.Barrier` passes barriers on and flushes nothing (Kapacitor leaves it a TODO); a
   * barrier of an unseen group still creates its window (named `barrier`), and a deletion drops it.
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'deleteGroup') this.groups.delete(message.group);
    else if (!this.groups.get(message.group)) {
      const info = { name: 'barrier', group: message.group, tags: message.groupTags, dimensions: message.dimensions };
      this.groups.set(message.group, new CountWindow(info, this.periodCount, this.everyCount, this.fillPeriod));
    }
    emit(message);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.groups.size;
  }

  snapshot(): unknown {
    return { groups: this.groups.snapshot((window) => ({ info: encodeGroupInfo(window.info), window: window.snapshot() })) };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded, group) => {
      const window = new CountWindow(decodeGroupInfo(member(encoded, 'info', 'window group'), group), this.periodCount, this.everyCount, this.fillPeriod);
      window.restore(member(encoded, 'window', 'window group'));
      return window;
    });
  }
}

export const windowNodeBuilder: NodeBuilder = {
  type: 'window',
  build: (definition, context) => {
    const period = definition.duration('period');
    const every = definition.duration('every');
    const periodCount = definition.int('periodCount');
    const everyCount = definition.int('everyCount');
    const align = definition.has('align');
    const fillPeriod = definition.has('fillPeriod');
    // Time and count windows do not mix: the catalog's validateWindow checked it.
    if (period < 0n || every < 0n || periodCount < 0n) definition.fail('window period and every must not be negative');
    if (period === 0n && periodCount === 0n) definition.fail('invalid window, no period specified for either time or count');
    if (periodCount !== 0n) return new CountWindowNode(definition.name, Number(periodCount), Number(everyCount), fillPeriod);
    return new TimeWindowNode(definition.name, { period, every, align, fillPeriod, column: columnFieldOf(definition.node, context.pipeline) });
  },
};
