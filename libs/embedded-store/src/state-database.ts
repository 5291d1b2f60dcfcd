import { DatabaseSync } from 'node:sqlite';

/**
 * Schema versions, applied in order to a database whose `user_version` is below theirs. A change
 * of layout is a new entry, never an edit of an old one: a data folder written by an older vigil
 * is brought up to date at open.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE checkpoint (
     topic TEXT NOT NULL, partition INTEGER NOT NULL, offset TEXT NOT NULL,
     PRIMARY KEY (topic, partition)) WITHOUT ROWID;
   CREATE TABLE checkpoint_field (
     topic TEXT NOT NULL, partition INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (topic, partition, name)) WITHOUT ROWID;
   CREATE TABLE checkpoint_entry (
     topic TEXT NOT NULL, partition INTEGER NOT NULL, section TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (topic, partition, section, name)) WITHOUT ROWID;`,
];

/**
 * Bytes per page of a new database (one created with SQLite's 4096 keeps it). A step that changes
 * groups scattered over many pages writes each such page whole to the WAL, then again to the
 * database when the WAL is checkpointed: smaller pages make the WAL half smaller. 2048 still holds
 * a seed-task group entry (~400 bytes) on its page (1024 would not: rows of a WITHOUT ROWID table
 * past ~230 bytes spill to overflow pages); docs/standalone.md, "State database", has the figures.
 */
const PAGE_SIZE = 2048;

/**
 * The page cache, KiB (SQLite's default is 2,000): a step updates groups scattered over the
 * whole table, and with the default cache most of their pages were read back from the file for
 * each step (the pread calls were most of a 10k-group step's system CPU). Filled only as pages are
 * read, so a small state costs its own size.
 */
const CACHE_KIB = 65_536;

/**
 * WAL pages after which a commit copies the WAL into the database (SQLite's default is 1,000).
 * A step rewrites mostly the same pages as the step before, so copying every few steps writes each
 * page once instead of once per step; the WAL then grows to about this many pages (20 MiB).
 */
const WAL_CHECKPOINT_PAGES = 10_000;

/** A state database file SQLite cannot open or read (damaged, or not a database); names the file. */
export class StateDatabaseError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`${path}: the state database cannot be read (SQLite: ${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'StateDatabaseError';
  }
}

/**
 * One SQLite database file (Node's built-in `node:sqlite`) in WAL mode with `synchronous=FULL`:
 * a committed transaction is fsynced to the write-ahead log before `transaction` returns, and a
 * crash at any moment leaves every transaction whole or absent. Calls are synchronous, so a
 * transaction never interleaves with other JavaScript: what a caller reads and writes inside one
 * is consistent without locks of its own.
 */
export class StateDatabase {
  private depth = 0;

  private constructor(readonly db: DatabaseSync) {}

  /** Throws StateDatabaseError when the file is damaged or not a database. */
  static open(path: string): StateDatabase {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path);
    } catch (error) {
      throw new StateDatabaseError(path, error);
    }
    try {
      // Before WAL mode: a page size applies only to a database with nothing in it yet.
      db.exec(
        `PRAGMA page_size = ${PAGE_SIZE}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -${CACHE_KIB}; PRAGMA wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES};`,
      );
      const state = new StateDatabase(db);
      state.migrate();
      return state;
    } catch (error) {
      db.close();
      throw isDamage(error) ? new StateDatabaseError(path, error) : error;
    }
  }

  /** Runs `work` in one transaction: committed (and fsynced) when it returns, rolled back when it throws. */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work();
    this.db.exec('BEGIN IMMEDIATE');
    this.depth += 1;
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private migrate(): void {
    const row = this.db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
    const version = row?.user_version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`the state database was written by a newer vigil (schema ${version}, this one knows ${MIGRATIONS.length})`);
    for (let next = version; next < MIGRATIONS.length; next++) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[next] as string);
        this.db.exec(`PRAGMA user_version = ${next + 1}`);
      });
    }
  }
}

/** SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file, not the code, is at fault. */
function isDamage(error: unknown): boolean {
  const errcode = (error as { errcode?: number }).errcode;
  return errcode === 11 || errcode === 26;
}
