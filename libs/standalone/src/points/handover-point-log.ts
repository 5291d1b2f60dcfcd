import type { Point } from '@vigil/core';
import type { LogRecord, StoredLogRecord } from '../storage/record-log/log-record';
import type { TailedLog } from '../tailing/tailed-log';
import type { PointRecord } from './point-records';

/** A point-log record read from memory: the points it holds as they were parsed at the write endpoint. */
export interface HandedOverRecord extends StoredLogRecord {
  readonly points: readonly Point[];
}

export function isHandedOver(record: StoredLogRecord): record is HandedOverRecord {
  return 'points' in record;
}

/** The point log as the handover needs it (FileRecordLog). */
export interface PointLog extends TailedLog {
  append(records: readonly LogRecord[]): Promise<{ first: bigint; next: bigint }>;
}

/**
 * The point log with its newest records also kept in memory, as the write endpoint parsed them,
 * so that each point is parsed once: a record is appended (fsynced) first, then kept here until
 * the evaluation loop reads past it. Records are kept only while the loop keeps up (they come
 * right after what it read last): parsed points held for seconds behind a backlog cost more in
 * garbage collection than parsing them again (measured: 32 MiB held this way made full-speed
 * evaluation use ~20 % more CPU per point), so a loop that fell behind reads and parses the file,
 * as it does after a restart or after a failed step sent it back. `maxBytes` bounds what is kept.
 */
export class HandoverPointLog implements TailedLog {
  /** By offset, in ascending order: appends complete in offset order. */
  private readonly recent = new Map<bigint, HandedOverRecord>();
  private bytes = 0;
  /** The offset after the last record the reader was given or waits for: where a record must be to be kept. */
  private wanted: bigint | undefined;
  private lastKept: bigint | undefined;

  constructor(
    private readonly log: PointLog,
    private readonly maxBytes: number,
  ) {}

  start(): bigint {
    return this.log.start();
  }

  end(): bigint {
    return this.log.end();
  }

  /** Appends to the log and, once the records are durable, keeps them for the reader. */
  async append(records: readonly PointRecord[]): Promise<{ first: bigint; next: bigint }> {
    const appended = await this.log.append(records);
    const follows = this.lastKept === undefined ? appended.first === this.wanted : appended.first === this.lastKept + 1n;
    for (let index = 0; follows && index < records.length && this.bytes < this.maxBytes; index++) {
      const record = records[index] as PointRecord;
      const offset = appended.first + BigInt(index);
      this.recent.set(offset, { ...record, offset });
      this.bytes += record.value.length;
      this.lastKept = offset;
    }
    return appended;
  }

  /** Records from `from` on: from memory when they are still there, else from the log. Forgets what lies below `from`. */
  async read(from: bigint, max: number): Promise<StoredLogRecord[]> {
    this.forgetBelow(from);
    const records: StoredLogRecord[] = this.recent.has(from) ? [] : await this.log.read(from, max);
    for (let offset = from + BigInt(records.length); records.length < max; offset++) {
      const record = this.recent.get(offset);
      if (record === undefined) break;
      records.push(record);
    }
    this.wanted = from + BigInt(records.length);
    return records;
  }

  async waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint> {
    this.wanted = after;
    const end = await this.log.waitForAppend(after, signal);
    // The log wakes readers just before its appends resolve: let `append` keep the records first.
    await new Promise((resolve) => setImmediate(resolve));
    return end;
  }

  /** Records kept in memory now (for tests and metrics). */
  size(): number {
    return this.recent.size;
  }

  private forgetBelow(offset: bigint): void {
    for (const [kept, record] of this.recent) {
      if (kept >= offset) return;
      this.recent.delete(kept);
      this.bytes -= record.value.length;
    }
    if (this.recent.size === 0) this.lastKept = undefined;
  }
}
