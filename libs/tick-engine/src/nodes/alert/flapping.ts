import type { Level } from '@vigil/core';

/**
 * Kapacitor's weighted share of level changes in a group's history (`alertState.percentChange`).
 *
 * The comparisons start at the newest slot and walk forwards through the ring with wrap-around,
 * comparing each slot with the one before it. That includes the (oldest, newest) pair and skips
 * the pair just behind the newest entry; weights grow from 0.8 to just under 1.2 along the walk.
 * It is reproduced literally, odd window included, so that flapping starts and stops on exactly
 * the points where Kapacitor's does. The ring is `size` slots of `history` from `base` (a node
 * keeps all its groups' rings in one buffer).
 */
export function percentChange(history: ArrayLike<Level | number>, idx: number, base = 0, size = history.length): number {
  // Go computes maxWeight / weightDiff (1.2 / 1.5) as an exact constant, i.e. the float64 nearest
  // to 0.8; JavaScript's 1.2 / 1.5 would round twice, so the constant is written out.
  let weight = 0.8;
  const step = (1.2 - weight) / (size - 1);
  let changes = 0;
  for (let i = 0; i < size - 1; i++) {
    const current = (i + idx) % size;
    const previous = current === 0 ? size - 1 : current - 1;
    if (history[base + current] !== history[base + previous]) changes += weight;
    weight += step;
  }
  return changes / (size - 1);
}

/** Flapping hysteresis: enter above `high`, leave below `low` (`alertState.updateFlapping`). */
export function nextFlapping(flapping: boolean, ratio: number, low: number, high: number): boolean {
  if (flapping && ratio < low) return false;
  if (!flapping && ratio > high) return true;
  return flapping;
}
