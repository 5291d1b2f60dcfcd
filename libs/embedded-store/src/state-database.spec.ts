import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StateDatabase, StateDatabaseError } from './state-database';

describe('StateDatabase.open', () => {
  it('names the file when it is not a database, instead of a bare SQLite error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    try {
      const path = join(dir, 'state.db');
      writeFileSync(path, 'not a database, only text long enough to fill a header page\n'.repeat(100));
      expect(() => StateDatabase.open(path)).toThrow(StateDatabaseError);
      expect(() => StateDatabase.open(path)).toThrow(`${path}: the state database cannot be read (SQLite: file is not a database)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a new database with 2048-byte pages and keeps the page size of one that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    const pageSize = (state: StateDatabase) => (state.db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    try {
      const created = StateDatabase.open(join(dir, 'new.db'));
      expect(pageSize(created)).toBe(2048);
      created.close();
      // A state.db written before the page size was chosen: SQLite's default, in WAL mode, with a row.
      const olderPath = join(dir, 'older.db');
      const older = new DatabaseSync(olderPath);
      older.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE kept (name TEXT); INSERT INTO kept VALUES ('row');");
      older.close();
      const reopened = StateDatabase.open(olderPath);
      expect(pageSize(reopened)).toBe(4096);
      expect(reopened.db.prepare('SELECT name FROM kept').all()).toEqual([{ name: 'row' }]);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps up to 64 MiB of pages in its cache and copies the WAL into the database every 10,000 pages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    try {
      const state = StateDatabase.open(join(dir, 'state.db'));
      expect(state.db.prepare('PRAGMA cache_size').get()).toEqual({ cache_size: -65_536 });
      expect(state.db.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 10_000 });
      expect(state.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
      state.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
