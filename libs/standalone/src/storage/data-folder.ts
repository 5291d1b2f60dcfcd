import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SqliteCheckpointStore, StateDatabase } from '@vigil/embedded-store';
import { migrateJsonCheckpoints, type MigratedCheckpoint } from './checkpoint/json-checkpoint-migration';
import { FileDeadLetterSink } from './delivery/file-dead-letter.sink';
import { FileDeliveryLedger, type FileDeliveryLedgerOptions } from './delivery/file-delivery-ledger';
import type { TornTail } from './files/torn-tail';
import { acquireFolderLock, processIsAlive, releaseFolderLock } from './folder-lock';
import { DataFolderHealth, type DataFolderHealthOptions } from './health/data-folder-health';
import type { WriteHealth } from './health/write-health';
import { FileRecordLog, type FileRecordLogOptions } from './record-log/file-record-log';
import { TaskFolder } from './tasks/task-folder';

/** Where each part of a standalone server's state lives inside its data folder. */
export interface DataFolderPaths {
  readonly root: string;
  readonly lock: string;
  readonly tasks: string;
  /** The point log (standalone's points topic). */
  readonly points: string;
  /** The event log (standalone's alerts topic). */
  readonly events: string;
  /** The state database (SQLite): the evaluator's checkpoints. */
  readonly state: string;
  /** Where vigil before the state database kept one JSON checkpoint per partition; moved into `state` at open. */
  readonly legacyCheckpoints: string;
  readonly ledger: string;
  readonly deadLetters: string;
}

/** The layout, without opening or locking anything: for read-only commands such as `vigil dlq list`. */
export function dataFolderPaths(root: string): DataFolderPaths {
  const absolute = resolve(root);
  return {
    root: absolute,
    lock: join(absolute, 'LOCK'),
    tasks: join(absolute, 'tasks'),
    points: join(absolute, 'points'),
    events: join(absolute, 'events'),
    state: join(absolute, 'state.db'),
    legacyCheckpoints: join(absolute, 'checkpoints'),
    ledger: join(absolute, 'delivery-ledger.log'),
    deadLetters: join(absolute, 'dead-letters.jsonl'),
  };
}

export interface DataFolderOptions {
  /** The pid written to the lock; default this process's. */
  readonly pid?: number;
  /** Whether a pid names a live process; default `process.kill(pid, 0)`. */
  readonly isAlive?: (pid: number) => boolean;
}

interface Closable {
  close(): Promise<void>;
}

/**
 * A standalone server's data folder, created if missing and locked for this process: one
 * `vigil serve` per folder, since two would interleave their logs. The open* methods open the
 * parts; close() closes every part opened through it, then releases the lock.
 */
export class DataFolder {
  private readonly opened: Closable[] = [];
  private closed = false;

  private constructor(
    readonly paths: DataFolderPaths,
    private readonly pid: number,
  ) {}

  /** Throws DataFolderLockedError when a live process holds the folder. */
  static async open(root: string, options: DataFolderOptions = {}): Promise<DataFolder> {
    const paths = dataFolderPaths(root);
    const pid = options.pid ?? process.pid;
    await mkdir(paths.root, { recursive: true });
    await acquireFolderLock(paths.lock, pid, options.isAlive ?? processIsAlive);
    try {
      for (const folder of [paths.tasks, paths.points, paths.events]) await mkdir(folder, { recursive: true });
    } catch (error) {
      await releaseFolderLock(paths.lock, pid);
      throw error;
    }
    return new DataFolder(paths, pid);
  }

  openTasks(): Promise<TaskFolder> {
    return TaskFolder.open(this.paths.tasks);
  }

  openPointLog(options?: FileRecordLogOptions): Promise<FileRecordLog> {
    return this.track(FileRecordLog.open(this.paths.points, options));
  }

  openEventLog(options?: FileRecordLogOptions): Promise<FileRecordLog> {
    return this.track(FileRecordLog.open(this.paths.events, options));
  }

  /**
   * The checkpoint store in the folder's state database, after moving into it the JSON checkpoint
   * files an older vigil left (`migrated` lists them).
   */
  async openCheckpoints(): Promise<{ store: SqliteCheckpointStore; migrated: MigratedCheckpoint[] }> {
    const state = await this.track(Promise.resolve(closableState(StateDatabase.open(this.paths.state))));
    const store = new SqliteCheckpointStore(state.database);
    return { store, migrated: await migrateJsonCheckpoints(this.paths.legacyCheckpoints, store) };
  }

  openLedger(options?: FileDeliveryLedgerOptions): Promise<FileDeliveryLedger> {
    return this.track(FileDeliveryLedger.open(this.paths.ledger, options));
  }

  openDeadLetters(options?: { readonly health?: WriteHealth; readonly onTornTail?: (tail: TornTail) => void }): Promise<FileDeadLetterSink> {
    return this.track(FileDeadLetterSink.open(this.paths.deadLetters, options));
  }

  /** Where the parts report their writes; closed (its test writes stopped) with the folder. */
  openHealth(options: Omit<DataFolderHealthOptions, 'root'>): Promise<DataFolderHealth> {
    const health = new DataFolderHealth({ ...options, root: this.paths.root });
    return this.track(Promise.resolve(health));
  }

  /** Closes the parts opened through this folder (last opened first), then releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const part of this.opened.reverse()) await part.close();
    } finally {
      await releaseFolderLock(this.paths.lock, this.pid);
    }
  }

  private async track<T extends Closable>(opening: Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`data folder ${this.paths.root} is closed`);
    const part = await opening;
    this.opened.push(part);
    return part;
  }
}

function closableState(database: StateDatabase): Closable & { readonly database: StateDatabase } {
  return { database, close: async () => database.close() };
}
