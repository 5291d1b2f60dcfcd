import type { LogRecord, StoredLogRecord } from '../storage/record-log/log-record';

/**
 * What the loops need from a record log (FileRecordLog, or an in-memory one in tests): read a
 * range, wait for more, and know where the log starts and ends.
 */
export interface TailedLog {
  /** The first offset still kept. */
  start(): bigint;
  /** The offset the next record gets: everything below it is readable. */
  end(): bigint;
  read(from: bigint, max: number): Promise<StoredLogRecord[]>;
  /** Resolves once a record at `after` or later is readable, or at once when `signal` aborts. */
  waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint>;
}

/** A log the loops also write to. */
export interface AppendableLog extends TailedLog {
  append(records: readonly LogRecord[]): Promise<{ first: bigint; next: bigint }>;
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
