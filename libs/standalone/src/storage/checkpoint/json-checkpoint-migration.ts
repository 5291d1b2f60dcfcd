import { readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore, PartitionRef, SectionWrite } from '@vigil/evaluation';
import { removeFile } from '../files/durable-files';

/** A checkpoint as vigil serve wrote it before the state database: one whole JSON file per partition. */
export interface JsonCheckpoint {
  readonly partition: PartitionRef;
  readonly offset: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly sections: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What a migration moved: one line per partition for the start log. */
export interface MigratedCheckpoint {
  readonly file: string;
  readonly partition: PartitionRef;
  readonly offset: string;
  /** False when the store already held a newer checkpoint (a migration redone after a crash, or a stray file). */
  readonly moved: boolean;
}

/**
 * Moves the JSON checkpoint files of an older data folder (`checkpoints/<topic>-<partition>.json`)
 * into the checkpoint store, then deletes them (and the emptied folder). Each file goes in one
 * save that replaces its sections whole; the file is deleted only once that save is durable, so a
 * crash in between finds the file again, and saving it again at the same offset is accepted and
 * changes nothing. A store that already holds a newer checkpoint keeps it.
 */
export async function migrateJsonCheckpoints(folder: string, store: CheckpointStore): Promise<MigratedCheckpoint[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const migrated: MigratedCheckpoint[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const path = join(folder, name);
    const checkpoint = parseJsonCheckpoint(path, await readFile(path, 'utf8'));
    const sections = new Map<string, SectionWrite>(Object.entries(checkpoint.sections).map(([section, entries]) => [section, { replace: true, set: new Map(Object.entries(entries)), delete: [] }]));
    const outcome = await store.save(checkpoint.partition, checkpoint.offset, { fields: checkpoint.fields, sections });
    await removeFile(path);
    migrated.push({ file: name, partition: checkpoint.partition, offset: checkpoint.offset, moved: outcome.saved });
  }
  // Temporary files a crash left behind belong to checkpoints that were never written.
  for (const name of names.filter((entry) => entry.includes('.json.tmp-'))) await removeFile(join(folder, name));
  await rmdir(folder).catch(() => undefined);
  return migrated;
}

const OFFSET = /^-?\d+$/;

/** Reads one checkpoint file; throws naming the file for anything that is not one. */
export function parseJsonCheckpoint(path: string, text: string): JsonCheckpoint {
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
  const { topic, partition, offset, fields, sections } = parsed as Record<string, unknown>;
  if (typeof topic !== 'string' || !Number.isSafeInteger(partition)) return fail('topic and partition missing');
  if (typeof offset !== 'string' || !OFFSET.test(offset)) return fail('offset must be an integer as a string');
  return { partition: { topic, partition: partition as number }, offset, fields: stringsOf(fields, 'fields', fail), sections: sectionsOf(sections, fail) };
}

function stringsOf(value: unknown, what: string, fail: (reason: string) => never): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${what} must be an object`);
  for (const [name, text] of Object.entries(value)) if (typeof text !== 'string') fail(`${what}: ${name} must be a string`);
  return value as Record<string, string>;
}

function sectionsOf(value: unknown, fail: (reason: string) => never): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('sections must be an object');
  return Object.fromEntries(Object.entries(value).map(([name, entries]) => [name, stringsOf(entries, `section ${name}`, fail)]));
}
