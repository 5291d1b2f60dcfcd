import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DurableAppender } from '../files/durable-appender';
import { syncFolder } from '../files/durable-files';
import { GroupCommit } from '../files/group-commit';
import { UNWATCHED, type WriteHealth } from '../health/write-health';
import type { TornTail } from '../files/torn-tail';
import { encodeRecordLine, type LogRecord, type StoredLogRecord } from './log-record';
import { RecordLogRangeError } from './record-log-errors';
import { LogSegment, segmentBaseOf } from './log-segment';

export interface FileRecordLogOptions {
  /** A segment is closed and a new one started once it holds this many bytes. Default 64 MiB. */
  readonly segmentBytes?: number;
  /** Told how each write ends (the log's folder is the part's name). */
  readonly health?: WriteHealth;
  /** Told of a torn last record cut off at open. */
  readonly onTornTail?: (tail: TornTail) => void;
}


export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

interface PendingAppend {
  readonly lines: readonly Buffer[];
  /** The offset of its first record, set when the write that carried it succeeded. */
  first?: bigint;
}

interface Waiter {
  readonly after: bigint;
  readonly resolve: (end: bigint) => void;
}

/**
 * An append-only log of records in a folder of segment files: standalone mode's stand-in for a
 * single-partition Kafka topic. Offsets start at 0 and never repeat. An append resolves only once
 * its records are fsynced, and readers see records only from then on, as Kafka consumers see only
 * acknowledged messages; concurrent appends share one write and one fsync.
 *
 * A write that fails (disk full) is cut off again (DurableAppender), so the log ends where it did
 * before it: the appends it carried failed, took no offsets, and their retry is not applied twice.
 * The next append simply tries again; the log recovers by itself once there is space.
 */
export class FileRecordLog {
  private closed = false;
  private waiters: Waiter[] = [];
  private readonly commits = new GroupCommit<PendingAppend>((batch) => this.write(batch));

  private constructor(
    private readonly folder: string,
    private readonly segmentBytes: number,
    private readonly segments: LogSegment[],
    private appender: DurableAppender,
    private readonly health: WriteHealth,
  ) {}

  /** Opens the log in `folder` (created if missing), cutting off a record torn by a crash. */
  static async open(folder: string, options: FileRecordLogOptions = {}): Promise<FileRecordLog> {
    await mkdir(folder, { recursive: true });
    const bases = (await readdir(folder))
      .map(segmentBaseOf)
      .filter((base): base is bigint => base !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const segments: LogSegment[] = [];
    for (const [index, base] of bases.entries()) {
      const previous = segments.at(-1);
      if (previous && previous.next !== base) {
        throw new Error(`${folder}: segment ${base} does not follow segment ${previous.base}, which ends at ${previous.next}`);
      }
      const isLast = index === bases.length - 1;
      segments.push(await LogSegment.recover(folder, base, isLast, isLast ? options.onTornTail : undefined));
    }
    if (segments.length === 0) {
      const first = LogSegment.empty(folder, 0n);
      await createSegmentFile(first);
      segments.push(first);
    }
    const last = segments.at(-1) as LogSegment;
    const health = options.health ?? UNWATCHED;
    const appender = await DurableAppender.open(last.path, { size: last.size, part: folder, health });
    return new FileRecordLog(folder, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, segments, appender, health);
  }

  /** The first offset still kept. */
  start(): bigint {
    return (this.segments[0] as LogSegment).base;
  }

  /** The offset the next durable record gets: readers have everything below it. */
  end(): bigint {
    return this.active().next;
  }

  /** Appends records in order; resolves with their offsets once they are fsynced. */
  async append(records: readonly LogRecord[]): Promise<{ first: bigint; next: bigint }> {
    if (this.closed) throw new Error('record log is closed');
    if (records.length === 0) return { first: this.end(), next: this.end() };
    const pending: PendingAppend = { lines: records.map((record) => Buffer.from(encodeRecordLine(record), 'utf8')) };
    await this.commits.submit(pending);
    const first = pending.first as bigint;
    return { first, next: first + BigInt(records.length) };
  }

  /** Up to `max` durable records from offset `from`; empty at the end of the log. */
  async read(from: bigint, max: number): Promise<StoredLogRecord[]> {
    if (from < this.start()) throw new RecordLogRangeError(from, this.start());
    const records: StoredLogRecord[] = [];
    let next = from;
    while (records.length < max && next < this.end()) {
      const segment = this.segmentOf(next);
      const found = await segment.read(next, max - records.length);
      if (found.length === 0) break;
      records.push(...found);
      next = (found.at(-1) as StoredLogRecord).offset + 1n;
    }
    return records;
  }

  /**
   * Resolves with the end of the log once it is past `after` (a record at offset `after` or later
   * is readable), or at once when `signal` aborts, so a reader can tail the log.
   */
  waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint> {
    if (this.end() > after || signal?.aborted) return Promise.resolve(this.end());
    return new Promise<bigint>((resolve) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve(this.end());
      };
      const entry: Waiter = {
        after,
        resolve: (end) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(end);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(entry);
    });
  }

  /** Each segment's first offset and size in bytes, oldest first: what retention by size weighs. */
  segmentSizes(): { base: bigint; bytes: number }[] {
    return this.segments.map((segment) => ({ base: segment.base, bytes: segment.size }));
  }

  /**
   * Deletes whole segments whose records all lie below `offset` (records already processed and
   * checkpointed). The segment being written is always kept. Returns how many were deleted.
   */
  async truncateBefore(offset: bigint): Promise<number> {
    let deleted = 0;
    while (this.segments.length > 1 && (this.segments[0] as LogSegment).next <= offset) {
      const segment = this.segments.shift() as LogSegment;
      await rm(segment.path, { force: true });
      deleted += 1;
    }
    if (deleted > 0) await syncFolder(this.folder);
    return deleted;
  }

  /** Waits for appends in flight, then releases the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    for (const waiter of this.waiters) waiter.resolve(this.end());
    this.waiters = [];
    await this.appender.close();
  }

  /** Whether an append failed in a way only a reopen recovers from (not a full disk). */
  failed(): boolean {
    return this.appender.failed();
  }

  private async write(batch: readonly PendingAppend[]): Promise<void> {
    await this.rollIfFull();
    const segment = this.active();
    const lines = batch.flatMap((append) => append.lines);
    await this.appender.append(Buffer.concat(lines));
    let next = segment.next;
    for (const append of batch) {
      append.first = next;
      next += BigInt(append.lines.length);
    }
    segment.noteAppended(lines.map((line) => line.length));
    this.wakeReaders();
  }

  /** Starts the next segment; a failure (disk full) leaves the current one in use, and the next write tries again. */
  private async rollIfFull(): Promise<void> {
    const current = this.active();
    if (current.size < this.segmentBytes || current.next === current.base || this.appender.failed()) return;
    const next = LogSegment.empty(this.folder, current.next);
    let appender: DurableAppender;
    try {
      await createSegmentFile(next);
      appender = await DurableAppender.open(next.path, { size: 0, part: this.folder, health: this.health });
    } catch (error) {
      // A segment file left behind would claim offsets the current segment goes on to take.
      await rm(next.path, { force: true }).catch(() => undefined);
      this.health.failed(this.folder, error);
      throw error;
    }
    await this.appender.close();
    this.appender = appender;
    this.segments.push(next);
  }

  private wakeReaders(): void {
    const end = this.end();
    const ready = this.waiters.filter((waiter) => end > waiter.after);
    this.waiters = this.waiters.filter((waiter) => end <= waiter.after);
    for (const waiter of ready) waiter.resolve(end);
  }

  private active(): LogSegment {
    return this.segments.at(-1) as LogSegment;
  }

  private segmentOf(offset: bigint): LogSegment {
    for (let index = this.segments.length - 1; index >= 0; index -= 1) {
      const segment = this.segments[index] as LogSegment;
      if (segment.base <= offset) return segment;
    }
    throw new RecordLogRangeError(offset, this.start());
  }
}

async function createSegmentFile(segment: LogSegment): Promise<void> {
  const handle = await open(segment.path, 'w');
  await handle.close();
  await syncFolder(dirname(segment.path));
}
