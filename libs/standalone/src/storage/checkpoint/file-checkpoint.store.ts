import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareOffsets, type CheckpointStore, type PartitionRef, type SaveOutcome, type StoredCheckpoint } from '@vigil/evaluation';
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
    return this.inTurn(partition, () => this.read(partition));
  }

  save(partition: PartitionRef, offset: string, fields: Readonly<Record<string, string>>): Promise<SaveOutcome> {
    // An offset that is not an integer must fail here, not on the next load.
    if (!OFFSET.test(offset)) return Promise.reject(new Error(`checkpoint offset must be an integer as a string, got ${JSON.stringify(offset)}`));
    return this.inTurn(partition, async () => {
      const stored = await this.read(partition);
      if (stored && compareOffsets(stored.offset, offset) > 0) return { saved: false, storedOffset: stored.offset };
      const text = JSON.stringify({ topic: partition.topic, partition: partition.partition, offset, fields });
      await replaceFile(this.pathOf(partition), text);
      return { saved: true };
    });
  }

  private async read(partition: PartitionRef): Promise<StoredCheckpoint | undefined> {
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

function parseCheckpoint(path: string, text: string): StoredCheckpoint {
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
  const { offset, fields } = parsed as Record<string, unknown>;
  if (typeof offset !== 'string' || !OFFSET.test(offset)) return fail('offset must be an integer as a string');
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return fail('fields must be an object');
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') return fail(`field ${name} must be a string`);
    copy[name] = value;
  }
  return { offset, fields: copy };
}
