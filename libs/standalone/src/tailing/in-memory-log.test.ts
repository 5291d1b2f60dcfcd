import type { LogRecord, StoredLogRecord } from '../storage/record-log/log-record';
import type { AppendableLog } from './tailed-log';

/** A record log in memory with FileRecordLog's reading and tailing rules, for the loops' specs. */
export class InMemoryLog implements AppendableLog {
  private records: StoredLogRecord[] = [];
  private first = 0n;
  private next = 0n;
  private waiters: { after: bigint; resolve: (end: bigint) => void }[] = [];
  /** When set, the next append rejects with it (once). */
  failNext: Error | undefined;

  start(): bigint {
    return this.first;
  }

  end(): bigint {
    return this.next;
  }

  async append(records: readonly LogRecord[]): Promise<{ first: bigint; next: bigint }> {
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
    const first = this.next;
    // Only what a file keeps: a record handed in with more (a point record's points) reads back without it.
    for (const record of records) this.records.push({ key: record.key, value: record.value, headers: record.headers, offset: this.next++ });
    const ready = this.waiters.filter((waiter) => this.next > waiter.after);
    this.waiters = this.waiters.filter((waiter) => this.next <= waiter.after);
    for (const waiter of ready) waiter.resolve(this.next);
    return { first, next: this.next };
  }

  async read(from: bigint, max: number): Promise<StoredLogRecord[]> {
    if (from < this.first) throw new Error(`offset ${from} is below the log start ${this.first}`);
    return this.records.filter((record) => record.offset >= from).slice(0, max);
  }

  waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint> {
    if (this.next > after || signal?.aborted) return Promise.resolve(this.next);
    return new Promise((resolve) => {
      const waiter = { after, resolve };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((entry) => entry !== waiter);
        resolve(this.next);
      });
    });
  }

  async truncateBefore(offset: bigint): Promise<number> {
    const before = this.records.length;
    this.records = this.records.filter((record) => record.offset >= offset);
    if (offset > this.first) this.first = offset < this.next ? offset : this.next;
    return before - this.records.length;
  }

  all(): readonly StoredLogRecord[] {
    return this.records;
  }
}
