import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder } from '../files/durable-files';
import { GroupCommit } from '../files/group-commit';
import { encodeRecordLine, type LogRecord, type StoredLogRecord } from './log-record';
import { RecordLogRangeError } from './record-log-errors';
import { LogSegment, segmentBaseOf } from './log-segment';

export interface FileRecordLogOptions {
  /** A segment is closed and a new one started once it holds this many bytes. Default 64 MiB. */
  readonly segmentBytes?: number;
}

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

interface PendingAppend {
  readonly lines: readonly Buffer[];
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
 */
export class FileRecordLog {
  private assigned: bigint;
  private failure: unknown;
  private closed = false;
  private waiters: Waiter[] = [];
  private readonly commits = new GroupCommit<PendingAppend>((batch) => this.write(batch));

  private constructor(
    private readonly folder: string,
    private readonly segmentBytes: number,
    private readonly segments: LogSegment[],
    private handle: FileHandle,
  ) {
    this.assigned = this.active().next;
  }

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
      segments.push(await LogSegment.recover(folder, base, index === bases.length - 1));
    }
    if (segments.length === 0) {
      const first = LogSegment.empty(folder, 0n);
      await createSegmentFile(first);
      segments.push(first);
    }
    const last = segments.at(-1) as LogSegment;
    const handle = await open(last.path, 'r+');
    return new FileRecordLog(folder, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, segments, handle);
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
    if (this.failure !== undefined) throw new Error('record log failed earlier; reopen it', { cause: this.failure });
    const first = this.assigned;
    this.assigned += BigInt(records.length);
    if (records.length > 0) await this.commits.submit({ lines: records.map((record) => Buffer.from(encodeRecordLine(record), 'utf8')) });
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
    await this.handle.close();
  }

  private async write(batch: readonly PendingAppend[]): Promise<void> {
    if (this.failure !== undefined) throw new Error('record log failed earlier; reopen it', { cause: this.failure });
    try {
      await this.rollIfFull();
      const segment = this.active();
      const lines = batch.flatMap((append) => append.lines);
      const buffer = Buffer.concat(lines);
      await this.handle.write(buffer, 0, buffer.length, segment.size);
      await this.handle.datasync();
      segment.noteAppended(lines.map((line) => line.length));
    } catch (error) {
      // What reached the file is unknown now; appending after it could leave a hole, so the
      // log refuses further appends until it is reopened and recovered.
      this.failure = error;
      throw error;
    }
    this.wakeReaders();
  }

  private async rollIfFull(): Promise<void> {
    const current = this.active();
    if (current.size < this.segmentBytes || current.next === current.base) return;
    const next = LogSegment.empty(this.folder, current.next);
    await createSegmentFile(next);
    const handle = await open(next.path, 'r+');
    await this.handle.close();
    this.handle = handle;
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
