import { createHash } from 'node:crypto';
import type { Level } from '@vigil/core';

/** What caused an event: the point (message offset and point index in it) or a clock tick. */
export type EventCause =
  | { readonly kind: 'point'; readonly topic: string; readonly partition: number; readonly offset: bigint; readonly index: number }
  /** A wall-clock tick (stats, deadman), taken when the partition's next offset was `offset`. */
  | { readonly kind: 'tick'; readonly topic: string; readonly partition: number; readonly offset: bigint; readonly now: bigint };

export interface EventIdentity {
  readonly task: string;
  readonly node: string;
  readonly alertId: string;
  readonly level: Level;
  /** Event time, ns. */
  readonly time: bigint;
}

/**
 * A deterministic event id: the same point, reprocessed after a crash or a rebalance by any
 * evaluator, yields the same id, so the notifier can drop repeats. 128 bits of SHA-256 over the
 * task, alert node, alert id, level, event time and the record that caused it (topic, partition,
 * offset and the point's index within a multi-line record). Tick-caused events (deadman) include
 * the tick time, which depends on the wall clock, so their ids repeat only for the same tick.
 */
export function eventIdOf(identity: EventIdentity, cause: EventCause): string {
  const parts: (string | number)[] = [identity.task, identity.node, identity.alertId, identity.level, identity.time.toString(), cause.kind, cause.topic, cause.partition, cause.offset.toString()];
  parts.push(cause.kind === 'point' ? cause.index : cause.now.toString());
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
