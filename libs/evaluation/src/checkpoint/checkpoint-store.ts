/** A partition of a topic, the unit of ownership and of checkpointing. */
export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A partition's checkpoint as loaded: the next offset to read and named text fields (one per
 * task, plus the repartition source positions). The entries of its sections are read apart
 * (`readEntries`, `scanEntries`), so that loading never costs more than the fields. The
 * evaluation library encodes and validates fields and entries; a store only keeps them.
 */
export interface StoredCheckpoint {
  /** int64 as a decimal string. */
  readonly offset: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What one save changes in one section (a set of named entries, e.g. the groups of a task). */
export interface SectionWrite {
  /** Drop every stored entry of the section first: the entries below are then all of it. */
  readonly replace: boolean;
  readonly set: ReadonlyMap<string, string>;
  readonly delete: readonly string[];
}

/**
 * What one save writes: the fields, which replace the stored ones whole (they are small), and
 * the changes to sections, whose other entries stay as stored.
 */
export interface CheckpointWrite {
  readonly fields: Readonly<Record<string, string>>;
  readonly sections?: ReadonlyMap<string, SectionWrite>;
  /**
   * The checkpoint these changes apply to: the save is refused unless the store holds exactly
   * this offset (null: no checkpoint). Section changes are only correct on top of the state they
   * were computed from; a store that lost it, or a newer owner's save, must not get them.
   * Undefined: only the offset rule applies (the write replaces everything it names).
   */
  readonly base?: string | null;
}

/** Entries read from a section, with the offset of the checkpoint they belong to. */
export interface StoredEntries {
  readonly offset: string | undefined;
  readonly entries: Map<string, string>;
}

/** A refused save reports the stored offset, `none` when nothing is stored. */
export type SaveOutcome = { readonly saved: true } | { readonly saved: false; readonly storedOffset: string };

/** The offset a refusal reports when the store holds no checkpoint. */
export const NO_STORED_OFFSET = 'none';

/**
 * Where partition checkpoints live (Redis in production, memory in tests and standalone).
 * `save` writes the offset, the fields and the section changes atomically: all of them or none.
 * It refuses a write whose `base` is not the stored offset, and it refuses to move the offset backwards (an owner that lost the partition and is still
 * finishing a batch must not overwrite its successor's newer state) and then reports the stored
 * offset. Equal offsets are accepted: evaluation is deterministic, so two owners that reached
 * the same offset hold the same state. `@vigil/testing`'s `checkpointStoreConformance` is the
 * contract every implementation runs.
 */
export interface CheckpointStore {
  load(partition: PartitionRef): Promise<StoredCheckpoint | undefined>;
  save(partition: PartitionRef, offset: string, write: CheckpointWrite): Promise<SaveOutcome>;
  /**
   * The stored entries of a section among `names` (names not stored are left out), read together
   * with the checkpoint's offset (undefined when there is none): entries are only the state at
   * that offset, so a reader whose state is at another offset must not use them.
   */
  readEntries(partition: PartitionRef, section: string, names: readonly string[]): Promise<StoredEntries>;
  /** Every entry of a section, a chunk at a time, never as one value. */
  scanEntries(partition: PartitionRef, section: string): AsyncIterable<readonly (readonly [string, string])[]>;
}

/** Compares two int64 decimal strings without losing precision. */
export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface HeldCheckpoint {
  offset: string;
  fields: Record<string, string>;
  readonly sections: Map<string, Map<string, string>>;
}

/** A CheckpointStore in memory, with the same semantics as the Redis one. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly checkpoints = new Map<string, HeldCheckpoint>();
  /** Every successful save, for tests that check what was written when. */
  readonly saves: { partition: PartitionRef; offset: string; fields: Readonly<Record<string, string>>; write: CheckpointWrite; readonly after: HeldCheckpoint }[] = [];

  async load(partition: PartitionRef): Promise<StoredCheckpoint | undefined> {
    const stored = this.checkpoints.get(keyOf(partition));
    return stored ? { offset: stored.offset, fields: { ...stored.fields } } : undefined;
  }

  async save(partition: PartitionRef, offset: string, write: CheckpointWrite): Promise<SaveOutcome> {
    const key = keyOf(partition);
    const stored = this.checkpoints.get(key);
    if (write.base !== undefined && (stored?.offset ?? null) !== write.base) return { saved: false, storedOffset: stored?.offset ?? NO_STORED_OFFSET };
    if (stored && compareOffsets(stored.offset, offset) > 0) return { saved: false, storedOffset: stored.offset };
    const held: HeldCheckpoint = stored ?? { offset, fields: {}, sections: new Map() };
    held.offset = offset;
    held.fields = { ...write.fields };
    for (const [name, change] of write.sections ?? []) {
      const section = change.replace ? new Map<string, string>() : (held.sections.get(name) ?? new Map<string, string>());
      for (const entry of change.delete) section.delete(entry);
      for (const [entry, value] of change.set) section.set(entry, value);
      held.sections.set(name, section);
    }
    this.checkpoints.set(key, held);
    this.saves.push({ partition, offset, fields: { ...write.fields }, write, after: copyOf(held) });
    return { saved: true };
  }

  async readEntries(partition: PartitionRef, section: string, names: readonly string[]): Promise<StoredEntries> {
    const held = this.checkpoints.get(keyOf(partition));
    const entries = held?.sections.get(section);
    const found = new Map<string, string>();
    for (const name of names) {
      const value = entries?.get(name);
      if (value !== undefined) found.set(name, value);
    }
    return { offset: held?.offset, entries: found };
  }

  async *scanEntries(partition: PartitionRef, section: string): AsyncIterable<readonly (readonly [string, string])[]> {
    const entries = [...(this.checkpoints.get(keyOf(partition))?.sections.get(section) ?? [])];
    for (let start = 0; start < entries.length; start += SCAN_CHUNK) yield entries.slice(start, start + SCAN_CHUNK);
  }

  /** The entries of a section as stored, for tests. */
  section(partition: PartitionRef, section: string): ReadonlyMap<string, string> {
    return this.checkpoints.get(keyOf(partition))?.sections.get(section) ?? new Map();
  }

  /** Puts back the checkpoint as an earlier save left it, as a replica that missed writes would hold it. */
  rollBack(partition: PartitionRef, save: { readonly after: HeldCheckpoint }): void {
    this.checkpoints.set(keyOf(partition), copyOf(save.after));
  }

  /** Removes a checkpoint, as a lost Redis would. */
  forget(partition: PartitionRef): void {
    this.checkpoints.delete(keyOf(partition));
  }
}

const SCAN_CHUNK = 1_000;

function copyOf(held: HeldCheckpoint): HeldCheckpoint {
  return { offset: held.offset, fields: { ...held.fields }, sections: new Map([...held.sections].map(([name, entries]) => [name, new Map(entries)])) };
}

function keyOf(partition: PartitionRef): string {
  return `${partition.topic}:${partition.partition}`;
}
