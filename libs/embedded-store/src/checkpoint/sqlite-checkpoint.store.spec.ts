import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SectionWrite } from '@vigil/evaluation';
import { checkpointStoreConformance } from '@vigil/testing';
import { StateDatabase } from '../state-database';
import { SqliteCheckpointStore } from './sqlite-checkpoint.store';

const folder = mkdtempSync(join(tmpdir(), 'vigil-sqlite-checkpoint-'));
const shared = StateDatabase.open(join(folder, 'shared.db'));
const opened: StateDatabase[] = [shared];
const openAt = (path: string): StateDatabase => {
  const state = StateDatabase.open(path);
  opened.push(state);
  return state;
};
afterAll(() => {
  for (const state of opened) state.close();
  rmSync(folder, { recursive: true, force: true });
});

// A database file per test; a reopen closes it and opens the file again, as a restart does.
let next = 0;
checkpointStoreConformance('SqliteCheckpointStore', async () => {
  const path = join(folder, `conformance-${(next += 1)}.db`);
  const state = openAt(path);
  return {
    store: new SqliteCheckpointStore(state),
    partition: { topic: 'vigil.points', partition: 0 },
    reopen: async () => {
      state.close();
      return new SqliteCheckpointStore(openAt(path));
    },
  };
});

/** A section change whose entries fail part way, as a disk error in the middle of a save would. */
class FailingEntries extends Map<string, string> {
  override *[Symbol.iterator](): MapIterator<[string, string]> {
    yield ['a', 'written before the failure'];
    throw new Error('disk full');
  }
}

describe('SqliteCheckpointStore on disk', () => {
  it('leaves the stored checkpoint whole when a save fails part way', async () => {
    const store = new SqliteCheckpointStore(shared);
    const partition = { topic: 'vigil.points', partition: 1_001 };
    await store.save(partition, '5', { fields: { f: 'old' }, sections: new Map([['groups:t', { replace: false, set: new Map([['a', 'old']]), delete: [] }]]), base: null });
    const failing: SectionWrite = { replace: true, set: new FailingEntries(), delete: [] };
    await expect(store.save(partition, '9', { fields: { f: 'new' }, sections: new Map([['groups:t', failing]]), base: '5' })).rejects.toThrow('disk full');
    expect(await store.load(partition)).toEqual({ offset: '5', fields: { f: 'old' } });
    expect(await store.readEntries(partition, 'groups:t', ['a'])).toEqual({ offset: '5', entries: new Map([['a', 'old']]) });
  });

  it('refuses a database written by a newer schema than it knows', () => {
    const path = join(folder, 'newer.db');
    const db = StateDatabase.open(path);
    db.db.exec('PRAGMA user_version = 99');
    db.close();
    expect(() => StateDatabase.open(path)).toThrow('written by a newer vigil (schema 99');
  });
});
