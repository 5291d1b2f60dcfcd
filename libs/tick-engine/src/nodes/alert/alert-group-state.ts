import type { Level } from '@vigil/core';
import { nextFlapping, percentChange } from './flapping';
import { GO_ZERO_TIME_NS, goTimeSub } from './go-time-math';
import { LEVEL_RANK, levelOfRank, LevelRings } from './level-rings';

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
 * that `duration` is measured with. The ring lives in the node's shared LevelRings (one byte per
 * level); a state made without one gets a store of its own.
 */
export class AlertGroupState {
  private readonly rings: LevelRings;
  /** Index of the ring's first slot in `rings.levels`. */
  private readonly base: number;
  private idx = 0;
  /** Rank of the newest level (the slot at `idx`), kept to spare a read of the ring. */
  private currentRank = 0;
  private flappingNow = false;
  private changedNow = false;
  private expiredNow = false;
  /** Point time that began the current non-OK streak; Go's zero time until set. */
  private firstTriggered = GO_ZERO_TIME_NS;
  /** Point time of the latest triggered point; Go's zero time until set. */
  private lastTriggered = GO_ZERO_TIME_NS;

  constructor(
    private readonly config: AlertHistoryConfig,
    rings: LevelRings = new LevelRings(config.history),
  ) {
    if (rings.size !== config.history) throw new Error(`alert level rings of ${rings.size} for a history of ${config.history}`);
    this.rings = rings;
    this.base = rings.allocate();
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
    return levelOfRank(this.currentRank);
  }

  /** The current level as a rank (LEVEL_RANK). */
  get rank(): number {
    return this.currentRank;
  }

  /** Records the level of a point (`alertState.addEvent`). */
  addEvent(time: bigint, level: Level): void {
    const rank = LEVEL_RANK[level];
    this.changedNow = this.currentRank !== rank;
    this.idx = this.idx + 1 === this.config.history ? 0 : this.idx + 1;
    this.currentRank = rank;
    const levels = this.rings.levels;
    levels[this.base + this.idx] = rank;
    const flapping = this.config.flapping;
    if (flapping) {
      const ratio = percentChange(levels, this.idx, this.base, this.config.history);
      this.flappingNow = nextFlapping(this.flappingNow, ratio, flapping.low, flapping.high);
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
    const previous = this.idx === 0 ? this.config.history - 1 : this.idx - 1;
    if (this.rings.levels[this.base + previous] === LEVEL_RANK.OK) this.firstTriggered = time;
  }

  /** Length of the current (or just ended) non-OK streak in ns, Go-saturated. */
  duration(): bigint {
    return goTimeSub(this.lastTriggered, this.firstTriggered);
  }

  snapshot(): AlertGroupStateSnapshot {
    const history: Level[] = [];
    for (let i = 0; i < this.config.history; i++) history.push(levelOfRank(this.rings.levels[this.base + i] ?? 0));
    return {
      history,
      idx: this.idx,
      flapping: this.flappingNow,
      changed: this.changedNow,
      expired: this.expiredNow,
      firstTriggered: this.firstTriggered.toString(),
      lastTriggered: this.lastTriggered.toString(),
    };
  }

  /**
   * Takes the values of a snapshot (`restore` checks it first). Subclasses restore through this
   * so that they can be built like any new group and then take the saved state.
   */
  protected assign(snapshot: AlertGroupStateSnapshot): void {
    const levels = this.rings.levels;
    snapshot.history.forEach((level, i) => (levels[this.base + i] = LEVEL_RANK[level]));
    this.idx = snapshot.idx;
    this.currentRank = levels[this.base + snapshot.idx] ?? 0;
    this.flappingNow = snapshot.flapping;
    this.changedNow = snapshot.changed;
    this.expiredNow = snapshot.expired;
    this.firstTriggered = BigInt(snapshot.firstTriggered);
    this.lastTriggered = BigInt(snapshot.lastTriggered);
  }

  /** Rebuilds a group from its snapshot; a snapshot from a node with another history size is rejected. */
  static restore(config: AlertHistoryConfig, snapshot: AlertGroupStateSnapshot, rings?: LevelRings): AlertGroupState {
    checkSnapshot(config, snapshot);
    const state = new AlertGroupState(config, rings);
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
