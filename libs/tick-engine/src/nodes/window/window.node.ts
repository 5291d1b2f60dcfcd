import type { Point } from '@vigil/core';
import { goTruncate } from '../../runtime/go-time';
import { GroupStates } from '../../runtime/group-states';
import type { BatchMessage, Message } from '../../runtime/message';
import { flag, NO_ARGS } from '../../runtime/node-definition';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeSpec } from '../../runtime/node-spec';
import { decodeBigint, member } from '../../runtime/snapshot-codec';
import { CountWindow } from './count-window';
import { decodeGroupInfo, encodeGroupInfo, windowBatch, type WindowGroupInfo } from './window-group';
import { WindowTimeBuffer } from './window-time-buffer';

interface TimeWindowOptions {
  readonly period: bigint;
  readonly every: bigint;
  readonly align: boolean;
  readonly fillPeriod: boolean;
}

/** One group's window: the ring of points plus what the group's batches are made of. */
class TimeWindowState extends WindowTimeBuffer {
  constructor(
    readonly info: WindowGroupInfo,
    public nextEmit: bigint,
  ) {
    super();
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
      state = new TimeWindowState(info, this.firstEmit(point.time));
      this.groups.set(message.group, state);
    }
    const batch = this.insert(state, point);
    if (batch) emit(batch);
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
    const { period, every, align } = this.options;
    const buffer = state;
    if (every === 0n) {
      // Every point emits the right-closed window (t - period, t], itself included.
      buffer.insert(point);
      if (point.time < state.nextEmit) return undefined;
      buffer.purge(point.time - period, false);
      state.nextEmit = point.time;
      return windowBatch(state.info, point.time, buffer.points());
    }
    let batch: BatchMessage | undefined;
    if (point.time >= state.nextEmit) {
      // The emitted window is left-closed [nextEmit - period, nextEmit) and excludes this point.
      buffer.purge(state.nextEmit - period, true);
      batch = windowBatch(state.info, state.nextEmit, buffer.points());
      state.nextEmit = align ? goTruncate(point.time + every, every) : point.time + every;
    }
    buffer.insert(point);
    return batch;
  }

  snapshot(): unknown {
    return {
      groups: this.groups.snapshot((state) => ({ info: encodeGroupInfo(state.info), nextEmit: state.nextEmit.toString(), buffer: state.snapshot() })),
    };
  }

  restore(state: unknown): void {
    this.groups.restore(member(state, 'groups', this.name), (encoded, group) => {
      const restored = new TimeWindowState(
        decodeGroupInfo(member(encoded, 'info', 'window group'), group),
        decodeBigint(member(encoded, 'nextEmit', 'window group'), 'nextEmit'),
      );
      restored.restore(member(encoded, 'buffer', 'window group'));
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

export const windowNodeSpec: NodeSpec = {
  type: 'window',
  summary:
    'Buffers the points of each group and emits them as a batch: by time with `.period(d)` and `.every(d)` (every point when `every` is not set), `.align()` to align boundaries with `every`, `.fillPeriod()` to wait for a full first period; or by count with `.periodCount(n)` and `.everyCount(n)`. A window is emitted when a later point of the same group arrives. Example: `|window().period(1m).every(10s)|mean(\'value\')`.',
  signature: NO_ARGS,
  properties: [
    { name: 'period', args: ['duration'] },
    { name: 'every', args: ['duration'] },
    flag('align'),
    flag('fillPeriod'),
    { name: 'periodCount', args: ['int'] },
    { name: 'everyCount', args: ['int'] },
  ],
  build: (definition) => {
    const period = definition.duration('period', 0n);
    const every = definition.duration('every', 0n);
    const periodCount = definition.int('periodCount', 0n);
    const everyCount = definition.int('everyCount', 0n);
    const align = definition.has('align');
    const fillPeriod = definition.has('fillPeriod');
    if (period !== 0n && periodCount !== 0n) definition.fail('cannot specify both period and periodCount');
    if (periodCount !== 0n && align) definition.fail('can only align windows based off time, not count');
    if (periodCount !== 0n && everyCount <= 0n) definition.fail('everyCount must be greater than zero');
    if (period < 0n || every < 0n || periodCount < 0n) definition.fail('window period and every must not be negative');
    if (period === 0n && periodCount === 0n) definition.fail('invalid window, no period specified for either time or count');
    if (periodCount !== 0n) return new CountWindowNode(definition.name, Number(periodCount), Number(everyCount), fillPeriod);
    return new TimeWindowNode(definition.name, { period, every, align, fillPeriod });
  },
};
