import type { OutgoingRecord, RecordSink } from '@vigil/evaluation';
import { existingEventHandoverOf } from '../notification/event-handover';
import type { LogRecord } from '../storage/record-log/log-record';

/** The part of the event log the sink needs. */
export interface EventLogAppender {
  append(records: readonly LogRecord[]): Promise<unknown>;
}

/** The event log as the sink writes it: the offset of the first record appended, for the handover. */
export interface OffsetEventLog extends EventLogAppender {
  append(records: readonly LogRecord[]): Promise<{ readonly first: bigint }>;
}

/**
 * The evaluator's RecordSink in standalone mode: a step's events go to the event log, standalone's
 * alerts topic, and `send` resolves once they are fsynced, as the Kafka sink resolves on acks=all.
 * Only alert events arrive here: with one partition every task is local, so no point is forwarded.
 * Once durable they are also handed to the log's readers in memory (EventHandover), which then
 * neither read nor decode them twice.
 */
export class EventLogSink implements RecordSink {
  constructor(
    private readonly log: OffsetEventLog,
    private readonly alertsTopic: string,
  ) {}

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    const lines: LogRecord[] = records.map((record) => {
      if (record.topic !== this.alertsTopic) throw new Error(`standalone writes only alert events, not records for ${record.topic}`);
      return { key: record.key, value: record.value, headers: record.headers };
    });
    if (lines.length === 0) return;
    const { first } = await this.log.append(lines);
    existingEventHandoverOf(this.log)?.keep(lines, first);
  }
}
