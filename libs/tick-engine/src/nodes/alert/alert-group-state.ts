import type { Level } from '@vigil/core';
import { nextFlapping, percentChange } from './flapping';
import { GO_ZERO_TIME_NS, goTimeSub } from './go-time-math';

/** How a node's groups track history; fixed for the node (`.history`, `.flapping`, `.stateChangesOnly(d)`). */
export interface AlertHistoryConfig {
  /** Ring size, at least 2 (Kapacitor raises smaller values to 2). */
  readonly history: number;
  /** `.flapping(low, high)`, or null when flap detection is off. */
  readonly flapping: { readonly low: number; readonly high: number } | null;
  /** `.stateChangesOnly(maxInterval)` in ns; 0 when absent. */
  readonly maxInterval: bigint;
}

/** The JSON form of one group's state (bigints as decimal strings). */
export interface AlertGroupStateSnapshot {
  readonly history: readonly Level[];
  readonly idx: number;
  readonly flapping: boolean;
  readonly changed: boolean;
  readonly expired: boolean;
  readonly firstTriggered: string;
  readonly lastTriggered: string;
}

/**
 * The per-group state of an alert node (Kapacitor's `alertState`): a ring of the last levels,
 * whether the newest point changed the level, flapping and expiry flags, and the trigger times
 * that `duration` is measured with.
 */
export class AlertGroupState {
  private readonly history: Level[];
  private idx = 0;
  private flappingNow = false;
  private changedNow = false;
  private expiredNow = false;
  /** Point time that began the current non-OK streak; Go's zero time until set. */
  private firstTriggered = GO_ZERO_TIME_NS;
  /** Point time of the latest triggered point; Go's zero time until set. */
  private lastTriggered = GO_ZERO_TIME_NS;

  constructor(private readonly config: AlertHistoryConfig) {
    this.history = new Array<Level>(config.history).fill('OK');
  }

  get changed(): boolean {
    return this.changedNow;
  }

  get flapping(): boolean {
    return this.flappingNow;
  }

  get expired(): boolean {
    return this.expiredNow;
  }

  currentLevel(): Level {
    return this.levelAt(this.idx);
  }

  /** Records the level of a point (`alertState.addEvent`). */
  addEvent(time: bigint, level: Level): void {
    this.changedNow = this.currentLevel() !== level;
    this.idx = (this.idx + 1) % this.history.length;
    this.history[this.idx] = level;
    const flapping = this.config.flapping;
    if (flapping) {
      this.flappingNow = nextFlapping(this.flappingNow, percentChange(this.history, this.idx), flapping.low, flapping.high);
    }
    this.expiredNow =
      !this.changedNow && this.config.maxInterval !== 0n && goTimeSub(time, this.lastTriggered) >= this.config.maxInterval;
  }

  /**
   * Records that the newest point triggered (`alertState.triggered`). A streak begins when the
   * point before it, as this node saw it, was OK; that is what `duration` is measured from.
   */
  triggered(time: bigint): void {
    this.lastTriggered = time;
    const previous = this.idx === 0 ? this.history.length - 1 : this.idx - 1;
    if (this.levelAt(previous) === 'OK') this.firstTriggered = time;
  }

  /** Length of the current (or just ended) non-OK streak in ns, Go-saturated. */
  duration(): bigint {
    return goTimeSub(this.lastTriggered, this.firstTriggered);
  }

  snapshot(): AlertGroupStateSnapshot {
    return {
      history: [...this.history],
      idx: this.idx,
      flapping: this.flappingNow,
      changed: this.changedNow,
      expired: this.expiredNow,
      firstTriggered: this.firstTriggered.toString(),
      lastTriggered: this.lastTriggered.toString(),
    };
  }

  /** Rebuilds a group from its snapshot; a snapshot from a node with another history size is rejected. */
  static restore(config: AlertHistoryConfig, snapshot: AlertGroupStateSnapshot): AlertGroupState {
    if (snapshot.history.length !== config.history) {
      throw new Error(`alert group snapshot has a history of ${snapshot.history.length}, the node keeps ${config.history}`);
    }
    if (!Number.isInteger(snapshot.idx) || snapshot.idx < 0 || snapshot.idx >= config.history) {
      throw new Error(`alert group snapshot has an index ${snapshot.idx} outside its history`);
    }
    const state = new AlertGroupState(config);
    snapshot.history.forEach((level, i) => (state.history[i] = level));
    state.idx = snapshot.idx;
    state.flappingNow = snapshot.flapping;
    state.changedNow = snapshot.changed;
    state.expiredNow = snapshot.expired;
    state.firstTriggered = BigInt(snapshot.firstTriggered);
    state.lastTriggered = BigInt(snapshot.lastTriggered);
    return state;
  }

  private levelAt(index: number): Level {
    const level = this.history[index];
    if (level === undefined) throw new Error(`alert history index ${index} out of range`);
    return level;
  }
}
