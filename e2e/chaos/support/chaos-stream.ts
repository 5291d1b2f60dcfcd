import type { Point } from '@vigil/core';
import { formatPoints } from '@vigil/line-protocol';
import { providerPoints } from '../../evaluator/support/provider-points';
import type { ChaosSize } from './chaos-size';

/** A chaos run's points and the write requests that carry them, in order. */
export interface ChaosStream {
  readonly points: readonly Point[];
  readonly batches: readonly string[];
}

/**
 * The provider-health stream over resources x providers groups. Groups flip between failing and
 * healthy more often than the e2e default, so every group raises and clears alerts a few times.
 * The seed is fixed per size, so two runs of one size compare the same notifications.
 */
export function chaosStream(size: ChaosSize): ChaosStream {
  const points = providerPoints({ count: size.points, resources: size.resources, providers: size.providers, seed: 11_000 + size.points, flip: 0.12 });
  const batches: string[] = [];
  for (let start = 0; start < points.length; start += size.linesPerBatch) batches.push(formatPoints(points.slice(start, start + size.linesPerBatch)));
  return { points, batches };
}
