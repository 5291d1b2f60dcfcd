import type { Point } from '@vigil/core';

/**
 * One sequence of the points of several partitions, each partition's points kept in their offset
 * order and the partitions interleaved by point time: at each step the partition whose next point
 * is the oldest goes first (the lower partition on a tie). When every partition is in time order,
 * as points written in time order are, the result is the points in time order, which is what a
 * replay of a file of the same points sorted by time sees. A point that reached its partition late
 * (older than the ones before it) stays late, as the evaluator saw it, instead of being moved back.
 */
export function pointsByTime(partitions: ReadonlyMap<number, readonly Point[]>): Point[] {
  const lanes = [...partitions].sort(([a], [b]) => a - b).map(([, points]) => ({ points, next: 0 }));
  const merged: Point[] = [];
  for (;;) {
    let pick: { points: readonly Point[]; next: number } | undefined;
    for (const lane of lanes) {
      const head = lane.points[lane.next];
      if (head !== undefined && (pick === undefined || head.time < (pick.points[pick.next] as Point).time)) pick = lane;
    }
    if (pick === undefined) return merged;
    merged.push(pick.points[pick.next] as Point);
    pick.next += 1;
  }
}
