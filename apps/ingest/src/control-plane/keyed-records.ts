import type { Logger } from '@vigil/observability';

// The stores import it from here; it lives with the API's own creates.
export { ChangeQueue } from '@vigil/kapacitor-api';

/** One record read from (or just written to) a compacted control-plane topic. */
export interface ControlRecord {
  readonly key: string;
  readonly value: Buffer | null;
  readonly offset: bigint;
}

/**
 * The latest value of every key of a compacted topic, as ingest reads it plus its own writes: a
 * tombstone deletes the key, and a record older than one already applied for its key (this
 * ingest's own write, applied when Kafka acknowledged it, then read back) is not applied again.
 * A record that does not decode is logged and skipped, so one bad producer cannot stop the API.
 */
export class KeyedRecords<T> {
  private readonly values = new Map<string, T>();
  private readonly applied = new Map<string, bigint>();

  constructor(
    /** What one record holds, for the log line: `task`, `template`, `topic handler`. */
    private readonly holds: string,
    private readonly decode: (key: string, value: Buffer) => T,
    private readonly logger: Logger,
  ) {}

  /** Applies records in offset order. */
  apply(records: readonly ControlRecord[]): void {
    for (const record of records) {
      if ((this.applied.get(record.key) ?? -1n) >= record.offset) continue;
      this.applied.set(record.key, record.offset);
      if (record.value === null) {
        this.values.delete(record.key);
        continue;
      }
      try {
        this.values.set(record.key, this.decode(record.key, record.value));
      } catch (error) {
        this.logger.error({ err: error, key: record.key, offset: record.offset.toString() }, `skipped a record that is not a ${this.holds}`);
      }
    }
  }

  get(key: string): T | undefined {
    return this.values.get(key);
  }

  /** Every value, in key order. */
  list(): T[] {
    return [...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  }
}
