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
 * The level histories of all groups of one alert node, one byte per level in one shared buffer.
 * A ring per group as its own array cost ~200 heap bytes for the default 21 levels; here it is
 * 21 bytes, and a group's state is one object instead of three. Rings are never freed (groups
 * of a stream task live as long as the task, as in Kapacitor); a restore starts a new store.
 */
export class LevelRings {
  /** The buffer; replaced (copied into a larger one) as groups are added, so read it each time. */
  levels: Uint8Array;
  private used = 0;

  constructor(
    /** Levels per ring. */
    readonly size: number,
  ) {
    this.levels = new Uint8Array(size * 8);
  }

  /** Reserves a ring of OK levels and returns the index of its first slot. */
  allocate(): number {
    if (this.used + this.size > this.levels.length) {
      const grown = new Uint8Array(Math.max(this.levels.length * 2, this.used + this.size));
      grown.set(this.levels);
      this.levels = grown;
    }
    const base = this.used;
    this.used += this.size;
    return base;
  }
}
