import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareOffsets, NO_STORED_OFFSET, type CheckpointStore, type CheckpointWrite, type PartitionRef, type SaveOutcome, type StoredCheckpoint, type StoredEntries } from '@vigil/evaluation';
import { replaceFile } from '../files/durable-files';

/**
 * Partition checkpoints as files, one per partition (`<topic>-<partition>.json`), for standalone
 * mode. Same semantics as the Redis store: a save replaces offset and fields together (written
 * to a temporary file, fsynced and renamed over the old one), and it refuses to move the offset
 * backwards, accepting an equal one. Saves of one partition run one after another so that the
 * offset comparison and the replace cannot interleave.
 */
export class FileCheckpointStore implements CheckpointStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(private readonly folder: string) {}

  static async open(folder: string): Promise<FileCheckpointStore> {
    await mkdir(folder, { recursive: true });
    return new FileCheckpointStore(folder);
  }

  /** The file that holds a partition's checkpoint. */
  pathOf(partition: PartitionRef): string {
    return join(this.folder, `${encodeURIComponent(partition.topic)}-${partition.partition}.json`);
  }

  load(partition: PartitionRef): Promise<StoredCheckpoint | undefined> {
    return this.inTurn(partition, async () => {
      const stored = await this.read(partition);
      return stored && { offset: stored.offset, fields: stored.fields };
    });
  }

  readEntries(partition: PartitionRef, section: string, names: readonly string[]): Promise<StoredEntries> {
    return this.inTurn(partition, async () => {
      const stored = await this.read(partition);
      const entries = new Map<string, string>();
      const held = stored?.sections[section] ?? {};
      for (const name of names) if (Object.hasOwn(held, name)) entries.set(name, held[name] as string);
      return { offset: stored?.offset, entries };
    });
  }

  async *scanEntries(partition: PartitionRef, section: string): AsyncIterable<readonly (readonly [string, string])[]> {
    const stored = await this.inTurn(partition, () => this.read(partition));
    yield Object.entries(stored?.sections[section] ?? {});
  }

  /**
   * Still one whole file per save (the file store is to be replaced, docs/evaluator.md): the
   * sections' entries are kept in the file beside the fields.
   */
  save(partition: PartitionRef, offset: string, write: CheckpointWrite): Promise<SaveOutcome> {
    // An offset that is not an integer must fail here, not on the next load.
    if (!OFFSET.test(offset)) return Promise.reject(new Error(`checkpoint offset must be an integer as a string, got ${JSON.stringify(offset)}`));
    return this.inTurn(partition, async () => {
      const stored = await this.read(partition);
      if (write.base !== undefined && (stored?.offset ?? null) !== write.base) return { saved: false, storedOffset: stored?.offset ?? NO_STORED_OFFSET };
      if (stored && compareOffsets(stored.offset, offset) > 0) return { saved: false, storedOffset: stored.offset };
      const sections: Record<string, Record<string, string>> = { ...(stored?.sections ?? {}) };
      for (const [name, change] of write.sections ?? []) {
        const entries = change.replace ? {} : { ...(sections[name] ?? {}) };
        for (const entry of change.delete) delete entries[entry];
        for (const [entry, value] of change.set) entries[entry] = value;
        sections[name] = entries;
      }
      const text = JSON.stringify({ topic: partition.topic, partition: partition.partition, offset, fields: write.fields, sections });
      await replaceFile(this.pathOf(partition), text);
      return { saved: true };
    });
  }

  private async read(partition: PartitionRef): Promise<FileCheckpoint | undefined> {
    const path = this.pathOf(partition);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseCheckpoint(path, text);
  }

  private inTurn<T>(partition: PartitionRef, work: () => Promise<T>): Promise<T> {
    const key = this.pathOf(partition);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return result;
  }
}

const OFFSET = /^-?\d+$/;

interface FileCheckpoint extends StoredCheckpoint {
  readonly sections: Readonly<Record<string, Record<string, string>>>;
}

function parseCheckpoint(path: string, text: string): FileCheckpoint {
  const fail = (reason: string): never => {
    throw new Error(`checkpoint file ${path}: ${reason}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null) return fail('not a JSON object');
  const { offset, fields, sections } = parsed as Record<string, unknown>;
  if (typeof offset !== 'string' || !OFFSET.test(offset)) return fail('offset must be an integer as a string');
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return fail('fields must be an object');
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') return fail(`field ${name} must be a string`);
    copy[name] = value;
  }
  const held: Record<string, Record<string, string>> = {};
  if (sections !== undefined) {
    if (typeof sections !== 'object' || sections === null || Array.isArray(sections)) return fail('sections must be an object');
    for (const [name, entries] of Object.entries(sections)) {
      if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return fail(`section ${name} must be an object`);
      for (const value of Object.values(entries)) if (typeof value !== 'string') return fail(`section ${name} must hold strings`);
      held[name] = entries as Record<string, string>;
    }
  }
  return { offset, fields: copy, sections: held };
}
