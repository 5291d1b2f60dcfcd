import { LEVELS, type Level } from '@vigil/core';

/** A level's rank as stored in a ring: 0 OK, 1 INFO, 2 WARNING, 3 CRITICAL. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { OK: 0, INFO: 1, WARNING: 2, CRITICAL: 3 };

/** The level of a stored rank. */
export function levelOfRank(rank: number): Level {
  const level = LEVELS[rank];
  if (level === undefined) throw new Error(`alert level rank ${rank} out of range`);
  return level;
}

/**
 * The numeric state of all groups of one alert node, in shared typed arrays: the level history
 * (one byte per level) and the two trigger times (int64 ns) of each group. A ring as an array of
 * its own and two BigInt objects cost ~250 heap bytes per group at the default 21 levels; here it
 * is 37 bytes. A group dropped from memory (its state saved) gives its slot back for the next
 * one; a restore starts a new store.
 */
export class AlertGroupStore {
  /** Level ranks, `size` per group; replaced by a larger copy as groups are added, so read it each time. */
  levels: Uint8Array;
  /** Per group, the time that began its current streak then the time it last triggered. */
  triggerTimes: BigInt64Array;
  private count = 0;
  /** Slots of groups dropped from memory, reused before the arrays grow. */
  private readonly free: number[] = [];

  constructor(
    /** Levels per ring (the node's `.history`). */
    readonly size: number,
  ) {
    this.levels = new Uint8Array(size * 8);
    this.triggerTimes = new BigInt64Array(2 * 8);
  }

  /** Reserves the state of a new group (an OK history, trigger times set by the caller) and returns its number. */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.count;
    if (2 * (slot + 1) > this.triggerTimes.length) {
      const levels = new Uint8Array(this.levels.length * 2);
      levels.set(this.levels);
      this.levels = levels;
      const times = new BigInt64Array(this.triggerTimes.length * 2);
      times.set(this.triggerTimes);
      this.triggerTimes = times;
    }
    this.count++;
    return slot;
  }

  /** Gives back the slot of a group dropped from memory: its history reads OK again when reused. */
  release(slot: number): void {
    this.levels.fill(0, slot * this.size, (slot + 1) * this.size);
    this.free.push(slot);
  }
}
