/** A partition of a topic, the unit of ownership and of checkpointing. */
export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A partition's checkpoint as stored: the next offset to read and named text fields (one per
 * task snapshot, plus the repartition source positions). The evaluation library encodes and
 * validates the fields; a store only keeps them.
 */
export interface StoredCheckpoint {
  /** int64 as a decimal string. */
  readonly offset: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type SaveOutcome = { readonly saved: true } | { readonly saved: false; readonly storedOffset: string };

/**
 * Where partition checkpoints live (Redis in production, memory in tests and standalone).
 * `save` replaces the whole checkpoint atomically: offset and fields change together or not at
 * all. It refuses to move the offset backwards (an owner that lost the partition and is still
 * finishing a batch must not overwrite its successor's newer state) and then reports the stored
 * offset. Equal offsets are accepted: evaluation is deterministic, so two owners that reached
 * the same offset hold the same state.
 */
export interface CheckpointStore {
  load(partition: PartitionRef): Promise<StoredCheckpoint | undefined>;
  save(partition: PartitionRef, offset: string, fields: Readonly<Record<string, string>>): Promise<SaveOutcome>;
}

/** Compares two int64 decimal strings without losing precision. */
export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A CheckpointStore in memory, with the same semantics as the Redis one. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly checkpoints = new Map<string, { offset: string; fields: Record<string, string> }>();
  /** Every successful save, for tests that check what was written when. */
  readonly saves: { partition: PartitionRef; offset: string; fields: Readonly<Record<string, string>> }[] = [];

  async load(partition: PartitionRef): Promise<StoredCheckpoint | undefined> {
    const stored = this.checkpoints.get(keyOf(partition));
    return stored ? { offset: stored.offset, fields: { ...stored.fields } } : undefined;
  }

  async save(partition: PartitionRef, offset: string, fields: Readonly<Record<string, string>>): Promise<SaveOutcome> {
    const key = keyOf(partition);
    const stored = this.checkpoints.get(key);
    if (stored && compareOffsets(stored.offset, offset) > 0) return { saved: false, storedOffset: stored.offset };
    this.checkpoints.set(key, { offset, fields: { ...fields } });
    this.saves.push({ partition, offset, fields: { ...fields } });
    return { saved: true };
  }

  /** Removes a checkpoint, as a lost Redis would. */
  forget(partition: PartitionRef): void {
    this.checkpoints.delete(keyOf(partition));
  }
}

function keyOf(partition: PartitionRef): string {
  return `${partition.topic}:${partition.partition}`;
}
