/** A record for any topic the evaluator writes (alerts, repartition topics). */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Writes records and resolves only once the broker acknowledged every one of them (acks=all);
 * rejects when that cannot be said, and then nothing may be assumed written. Records with one
 * key are written in the order given.
 */
export interface RecordSink {
  send(records: readonly OutgoingRecord[]): Promise<void>;
}

/** A RecordSink in memory, for tests and standalone use. */
export class InMemoryRecordSink implements RecordSink {
  readonly records: OutgoingRecord[] = [];
  /** When set, the next send rejects with it (once). */
  failNext: Error | undefined;

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
    this.records.push(...records);
  }

  on(topic: string): OutgoingRecord[] {
    return this.records.filter((record) => record.topic === topic);
  }
}
