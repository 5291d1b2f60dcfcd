import type { StatementSync } from 'node:sqlite';
import { compareOffsets, NO_STORED_OFFSET, type CheckpointStore, type CheckpointWrite, type PartitionRef, type SaveOutcome, type StoredCheckpoint, type StoredEntries } from '@vigil/evaluation';
import type { StateDatabase } from '../state-database';

/** Entries per chunk of `scanEntries`, as the Redis store's HSCAN count. */
const SCAN_CHUNK = 1_000;
const OFFSET = /^-?\d+$/;

/**
 * Partition checkpoints in the embedded state database, with the Redis store's semantics: a save
 * writes the offset, replaces the fields and applies the section changes in one transaction
 * (fsynced before it resolves), only onto the stored offset it names (`base`) and never moving
 * the offset backwards. A save costs the entries it changes, not the whole state: entries are
 * rows updated in place.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly statements: {
    readonly offset: StatementSync;
    readonly fields: StatementSync;
    readonly putOffset: StatementSync;
    readonly dropFields: StatementSync;
    readonly putField: StatementSync;
    readonly dropSection: StatementSync;
    readonly putEntry: StatementSync;
    readonly dropEntry: StatementSync;
    readonly entry: StatementSync;
    readonly scan: StatementSync;
  };

  constructor(private readonly state: StateDatabase) {
    const { db } = state;
    this.statements = {
      offset: db.prepare('SELECT offset FROM checkpoint WHERE topic = ? AND partition = ?'),
      fields: db.prepare('SELECT name, value FROM checkpoint_field WHERE topic = ? AND partition = ?'),
      putOffset: db.prepare('INSERT INTO checkpoint (topic, partition, offset) VALUES (?, ?, ?) ON CONFLICT (topic, partition) DO UPDATE SET offset = excluded.offset'),
      dropFields: db.prepare('DELETE FROM checkpoint_field WHERE topic = ? AND partition = ?'),
      putField: db.prepare('INSERT INTO checkpoint_field (topic, partition, name, value) VALUES (?, ?, ?, ?)'),
      dropSection: db.prepare('DELETE FROM checkpoint_entry WHERE topic = ? AND partition = ? AND section = ?'),
      putEntry: db.prepare(
        'INSERT INTO checkpoint_entry (topic, partition, section, name, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic, partition, section, name) DO UPDATE SET value = excluded.value',
      ),
      dropEntry: db.prepare('DELETE FROM checkpoint_entry WHERE topic = ? AND partition = ? AND section = ? AND name = ?'),
      entry: db.prepare('SELECT value FROM checkpoint_entry WHERE topic = ? AND partition = ? AND section = ? AND name = ?'),
      scan: db.prepare('SELECT name, value FROM checkpoint_entry WHERE topic = ? AND partition = ? AND section = ? AND name > ? ORDER BY name LIMIT ?'),
    };
  }

  async load(partition: PartitionRef): Promise<StoredCheckpoint | undefined> {
    const offset = this.offsetOf(partition);
    if (offset === undefined) return undefined;
    const fields: Record<string, string> = {};
    for (const row of this.statements.fields.all(partition.topic, partition.partition) as { name: string; value: string }[]) fields[row.name] = row.value;
    return { offset, fields };
  }

  async save(partition: PartitionRef, offset: string, write: CheckpointWrite): Promise<SaveOutcome> {
    // An offset that is not an integer must fail here, not on the next load.
    if (!OFFSET.test(offset)) throw new Error(`checkpoint offset must be an integer as a string, got ${JSON.stringify(offset)}`);
    const { topic, partition: number } = partition;
    const s = this.statements;
    return this.state.transaction((): SaveOutcome => {
      const stored = this.offsetOf(partition);
      if (write.base !== undefined && (stored ?? null) !== write.base) return { saved: false, storedOffset: stored ?? NO_STORED_OFFSET };
      if (stored !== undefined && compareOffsets(stored, offset) > 0) return { saved: false, storedOffset: stored };
      s.putOffset.run(topic, number, offset);
      s.dropFields.run(topic, number);
      for (const [name, value] of Object.entries(write.fields)) s.putField.run(topic, number, name, value);
      for (const [section, change] of write.sections ?? []) {
        if (change.replace) s.dropSection.run(topic, number, section);
        for (const name of change.delete) s.dropEntry.run(topic, number, section, name);
        for (const [name, value] of change.set) s.putEntry.run(topic, number, section, name, value);
      }
      return { saved: true };
    });
  }

  async readEntries(partition: PartitionRef, section: string, names: readonly string[]): Promise<StoredEntries> {
    const { topic, partition: number } = partition;
    const entries = new Map<string, string>();
    // Synchronous: no save can run between reading the offset and the entries.
    const offset = this.offsetOf(partition);
    for (const name of names) {
      const row = this.statements.entry.get(topic, number, section, name) as { value: string } | undefined;
      if (row !== undefined) entries.set(name, row.value);
    }
    return { offset, entries };
  }

  async *scanEntries(partition: PartitionRef, section: string): AsyncIterable<readonly (readonly [string, string])[]> {
    let after = '';
    for (;;) {
      const rows = this.statements.scan.all(partition.topic, partition.partition, section, after, SCAN_CHUNK) as { name: string; value: string }[];
      if (rows.length === 0) return;
      yield rows.map((row) => [row.name, row.value] as const);
      after = (rows.at(-1) as { name: string }).name;
      if (rows.length < SCAN_CHUNK) return;
    }
  }

  private offsetOf(partition: PartitionRef): string | undefined {
    const row = this.statements.offset.get(partition.topic, partition.partition) as { offset: string } | undefined;
    return row?.offset;
  }
}
