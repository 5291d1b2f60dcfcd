/**
 * Where a new owner of a partition starts reading, from its checkpoint and the group's committed
 * offset. The checkpoint is the truth (it holds the state that matches its offset); the committed
 * offset is only compared with it, so that a checkpoint that is behind (Redis restored from an old
 * dump, a changed key prefix) or missing is noticed and said, never quietly combined with state
 * that does not match.
 */
export type ResumePlan =
  /** The checkpoint and the commit agree: continue from there. */
  | { readonly kind: 'resume'; readonly offset: bigint }
  /** The checkpoint is ahead of the commit: the last owner stopped between saving and committing. */
  | { readonly kind: 'resume-ahead'; readonly offset: bigint; readonly committed: bigint }
  /** The checkpoint is behind the commit: reprocess from the checkpoint (events repeat with the same ids). */
  | { readonly kind: 'rewind-stale'; readonly offset: bigint; readonly committed: bigint }
  /** Offsets are committed but there is no checkpoint: the state is gone, rebuild it from the oldest record. */
  | { readonly kind: 'rewind-missing'; readonly committed: bigint }
  /** A partition never evaluated: start from the oldest record. */
  | { readonly kind: 'fresh' };

export function planResume(checkpoint: bigint | undefined, committed: bigint | undefined): ResumePlan {
  if (checkpoint === undefined) return committed === undefined ? { kind: 'fresh' } : { kind: 'rewind-missing', committed };
  if (committed === undefined || committed === checkpoint) return { kind: 'resume', offset: checkpoint };
  if (checkpoint > committed) return { kind: 'resume-ahead', offset: checkpoint, committed };
  return { kind: 'rewind-stale', offset: checkpoint, committed };
}

/** The offset to seek to, or 'earliest' for the oldest retained record. */
export function seekTargetOf(plan: ResumePlan): bigint | 'earliest' {
  return plan.kind === 'fresh' || plan.kind === 'rewind-missing' ? 'earliest' : plan.offset;
}
