import type { PartitionRef } from './checkpoint-store';

/**
 * Why a partition's state is rebuilt: the store holds no checkpoint although it held one
 * (`missing`: Redis restarted without persistence, a flush, an eviction), or an older one than it
 * held (`behind`: a failover to a replica that missed writes, a restored dump).
 */
export type StateLossReason = 'missing' | 'behind';

/**
 * Whether the store lost a checkpoint it is known to have held. `held` is the offset of the
 * newest checkpoint the store is known to have had: the group's committed offset when the
 * partition is assigned (offsets are committed only after the checkpoint they cover was saved),
 * then the offset of every save the store confirmed. A store that answers with nothing, or with
 * an older offset, lost what it held; anything newer is a later owner's save.
 */
export function stateLossOf(stored: bigint | undefined, held: bigint | undefined): StateLossReason | undefined {
  if (held === undefined) return undefined;
  if (stored === undefined) return 'missing';
  return stored < held ? 'behind' : undefined;
}

/**
 * The first record a rebuild of lost state applies: the oldest record the log retains, or, with a
 * bound, no more than `maxRecords` records before the position whose events are written.
 */
export function rebuildStartOf(logStart: bigint, written: bigint | undefined, maxRecords?: bigint): bigint {
  if (maxRecords === undefined || written === undefined) return logStart;
  const bounded = written - maxRecords;
  return bounded > logStart ? bounded : logStart;
}

/**
 * A rebuild of a partition's lost state, as it is logged and counted. The records from `from` up
 * to `quietUntil` are applied again to rebuild the state without writing their events (they were
 * written before: offsets are committed and saves confirmed only after the events were
 * acknowledged); from `quietUntil` on, events are written as usual.
 */
export interface StateRebuild {
  readonly partition: PartitionRef;
  readonly reason: StateLossReason;
  /** The offset of the newest checkpoint the store was known to hold. */
  readonly held: bigint;
  /** The offset of the checkpoint the store holds instead (`behind`), undefined when `missing`. */
  readonly found: bigint | undefined;
  /** The first record the rebuild applies. */
  readonly from: bigint;
  /** Records below this offset had their events written; the rebuild writes none of them again. */
  readonly quietUntil: bigint;
  /** The oldest record the partition's log retains. */
  readonly logStart: bigint;
  /**
   * `complete` when the rebuild applies every record the lost state came from, so the state and
   * the alerts after it equal an uninterrupted run; `partial` when records the state came from
   * were deleted by retention or lie beyond the rebuild bound.
   */
  readonly coverage: 'complete' | 'partial';
}

/** Describes the rebuild of a detected loss (see `stateLossOf`). */
export function stateRebuildOf(
  partition: PartitionRef,
  reason: StateLossReason,
  facts: { readonly held: bigint; readonly found: bigint | undefined; readonly quietUntil: bigint; readonly logStart: bigint; readonly maxRecords?: bigint },
): StateRebuild {
  const { held, found, quietUntil, logStart } = facts;
  // A checkpoint found behind is a real older state: the rebuild continues from it, and is
  // complete as long as the log still holds the records after it. A missing one leaves nothing:
  // the rebuild is complete only when it starts at the partition's first record ever, offset 0.
  const from = found !== undefined ? (found > logStart ? found : logStart) : rebuildStartOf(logStart, quietUntil, facts.maxRecords);
  const complete = found !== undefined ? found >= logStart : from === 0n;
  return { partition, reason, held, found, from, quietUntil, logStart, coverage: complete ? 'complete' : 'partial' };
}

/** The structured fields of a rebuild's error log line (offsets as decimal strings), beside describeRebuild's sentence. */
export function rebuildLogFields(rebuild: StateRebuild): { offset: string; rebuild: Record<string, string> } {
  return {
    offset: rebuild.from.toString(),
    rebuild: {
      reason: rebuild.reason,
      coverage: rebuild.coverage,
      held: rebuild.held.toString(),
      ...(rebuild.found === undefined ? {} : { found: rebuild.found.toString() }),
      from: rebuild.from.toString(),
      quietUntil: rebuild.quietUntil.toString(),
      logStart: rebuild.logStart.toString(),
    },
  };
}

/** One sentence for the error log line of a rebuild. */
export function describeRebuild(rebuild: StateRebuild): string {
  const { partition, held, found, from, quietUntil } = rebuild;
  const where = `${partition.topic}:${partition.partition}`;
  const lost =
    found === undefined
      ? `the checkpoint store lost the state of ${where} (it held a checkpoint at offset ${held} and now holds none)`
      : `the checkpoint store lost the newest state of ${where} (it held a checkpoint at offset ${held} and now holds one at ${found})`;
  const quiet = quietUntil > from ? `; records ${from} to ${quietUntil - 1n} are applied again without writing their events, which were written before` : '';
  const coverage =
    rebuild.coverage === 'complete'
      ? ''
      : `; records below ${from} are no longer read (deleted by retention or beyond the rebuild bound), so the rebuilt state lacks them and alerts after offset ${quietUntil} may differ from an uninterrupted run`;
  return `${lost}: rebuilding it from offset ${from}${quiet}${coverage}`;
}
