import type { Level } from '@vigil/core';
import { nextFlapping, percentChange } from './flapping';
import { GO_ZERO_TIME_NS, goTimeSub } from './go-time-math';
import { AlertGroupStore, LEVEL_RANK, levelOfRank } from './alert-group-store';

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
 * How Go's zero time (unset trigger times) is stored: it lies before the int64 range, so the
 * int64 minimum stands for it. InfluxDB accepts no point at that instant (its range starts two
 * nanoseconds later), so no real trigger time can be mistaken for it.
 */
const STORED_ZERO_TIME = -(1n << 63n);

function storedTime(time: bigint): bigint {
  return time === GO_ZERO_TIME_NS ? STORED_ZERO_TIME : BigInt.asIntN(64, time);
}

function loadedTime(stored: bigint): bigint {
  return stored === STORED_ZERO_TIME ? GO_ZERO_TIME_NS : stored;
}

const CHANGED = 1;
const FLAPPING = 2;
const EXPIRED = 4;

/**
 * The per-group state of an alert node (Kapacitor's `alertState`): a ring of the last levels,
 * whether the newest point changed the level, flapping and expiry flags, and the trigger times
 * that `duration` is measured with. The ring and the times live in the node's AlertGroupStore
 * (a state made without one gets a store of its own); the object keeps small numbers only.
 */
export class AlertGroupState {
  private readonly store: AlertGroupStore;
  /** The group's number in the store. */
  private readonly slot: number;
  private idx = 0;
  /** Rank of the newest level (the slot at `idx`), kept to spare a read of the ring. */
  private currentRank = 0;
  /** CHANGED, FLAPPING and EXPIRED. */
  private flags = 0;

  constructor(
    private readonly config: AlertHistoryConfig,
    store: AlertGroupStore = new AlertGroupStore(config.history),
  ) {
    if (store.size !== config.history) throw new Error(`alert group store of ${store.size} levels for a history of ${config.history}`);
    this.store = store;
    this.slot = store.allocate();
    // Go's zero time until set.
    store.triggerTimes[2 * this.slot] = STORED_ZERO_TIME;
    store.triggerTimes[2 * this.slot + 1] = STORED_ZERO_TIME;
  }

  /** Gives the group's slot back to the store; the state is unusable afterwards. */
  release(): void {
    this.store.release(this.slot);
  }

  get changed(): boolean {
    return (this.flags & CHANGED) !== 0;
  }

  get flapping(): boolean {
    return (this.flags & FLAPPING) !== 0;
  }

  get expired(): boolean {
    return (this.flags & EXPIRED) !== 0;
  }

  currentLevel(): Level {
    return levelOfRank(this.currentRank);
  }

  /** The current level as a rank (LEVEL_RANK). */
  get rank(): number {
    return this.currentRank;
  }

  /** Point time that began the current non-OK streak. */
  private get firstTriggered(): bigint {
    return loadedTime(this.store.triggerTimes[2 * this.slot] as bigint);
  }

  /** Point time of the latest triggered point. */
  private get lastTriggered(): bigint {
    return loadedTime(this.store.triggerTimes[2 * this.slot + 1] as bigint);
  }

  /** Records the level of a point (`alertState.addEvent`). */
  addEvent(time: bigint, level: Level): void {
    const rank = LEVEL_RANK[level];
    const changed = this.currentRank !== rank;
    this.idx = this.idx + 1 === this.config.history ? 0 : this.idx + 1;
    this.currentRank = rank;
    const base = this.slot * this.config.history;
    const levels = this.store.levels;
    levels[base + this.idx] = rank;
    let flapping = (this.flags & FLAPPING) !== 0;
    const bounds = this.config.flapping;
    if (bounds) flapping = nextFlapping(flapping, percentChange(levels, this.idx, base, this.config.history), bounds.low, bounds.high);
    const expired = !changed && this.config.maxInterval !== 0n && goTimeSub(time, this.lastTriggered) >= this.config.maxInterval;
    this.flags = (changed ? CHANGED : 0) | (flapping ? FLAPPING : 0) | (expired ? EXPIRED : 0);
  }

  /**
   * Records that the newest point triggered (`alertState.triggered`). A streak begins when the
   * point before it, as this node saw it, was OK; that is what `duration` is measured from.
   */
  triggered(time: bigint): void {
    const times = this.store.triggerTimes;
    const stored = storedTime(time);
    times[2 * this.slot + 1] = stored;
    const previous = this.idx === 0 ? this.config.history - 1 : this.idx - 1;
    if (this.store.levels[this.slot * this.config.history + previous] === LEVEL_RANK.OK) times[2 * this.slot] = stored;
  }

  /** Length of the current (or just ended) non-OK streak in ns, Go-saturated. */
  duration(): bigint {
    return goTimeSub(this.lastTriggered, this.firstTriggered);
  }

  snapshot(): AlertGroupStateSnapshot {
    const history: Level[] = [];
    const base = this.slot * this.config.history;
    for (let i = 0; i < this.config.history; i++) history.push(levelOfRank(this.store.levels[base + i] ?? 0));
    return {
      history,
      idx: this.idx,
      flapping: this.flapping,
      changed: this.changed,
      expired: this.expired,
      firstTriggered: this.firstTriggered.toString(),
      lastTriggered: this.lastTriggered.toString(),
    };
  }

  /**
   * Takes the values of a snapshot (`restore` checks it first). Subclasses restore through this
   * so that they can be built like any new group and then take the saved state.
   */
  protected assign(snapshot: AlertGroupStateSnapshot): void {
    const levels = this.store.levels;
    const base = this.slot * this.config.history;
    snapshot.history.forEach((level, i) => (levels[base + i] = LEVEL_RANK[level]));
    this.idx = snapshot.idx;
    this.currentRank = levels[base + snapshot.idx] ?? 0;
    this.flags = (snapshot.changed ? CHANGED : 0) | (snapshot.flapping ? FLAPPING : 0) | (snapshot.expired ? EXPIRED : 0);
    this.store.triggerTimes[2 * this.slot] = storedTime(BigInt(snapshot.firstTriggered));
    this.store.triggerTimes[2 * this.slot + 1] = storedTime(BigInt(snapshot.lastTriggered));
  }

  /** Rebuilds a group from its snapshot; a snapshot from a node with another history size is rejected. */
  static restore(config: AlertHistoryConfig, snapshot: AlertGroupStateSnapshot, store?: AlertGroupStore): AlertGroupState {
    checkSnapshot(config, snapshot);
    const state = new AlertGroupState(config, store);
    state.assign(snapshot);
    return state;
  }
}

/** Throws unless the snapshot fits a node with this history size. */
export function checkSnapshot(config: AlertHistoryConfig, snapshot: AlertGroupStateSnapshot): void {
  if (snapshot.history.length !== config.history) {
    throw new Error(`alert group snapshot has a history of ${snapshot.history.length}, the node keeps ${config.history}`);
  }
  if (!Number.isInteger(snapshot.idx) || snapshot.idx < 0 || snapshot.idx >= config.history) {
    throw new Error(`alert group snapshot has an index ${snapshot.idx} outside its history`);
  }
}
