import { randomUUID } from 'node:crypto';
import { KAPACITOR_ID, scriptDbrps, TaskChangeError, TaskRequestError, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { decodeRecordingRecord, encodeRecordingRecord, type RecordingRecord } from '@vigil/topic-contract';
import { KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';

/** Kapacitor's recording (`client.Recording`) as the API shows it. */
export interface RecordingView {
  readonly id: string;
  readonly type: 'stream';
  /** The points stay in the points topic, which other recordings and the evaluators share: vigil does not count them. */
  readonly size: 0;
  readonly date: string;
  readonly error: '';
  readonly status: 'running' | 'finished';
  readonly progress: 0 | 1;
}

export interface TopicRecordingStoreOptions {
  readonly write: (id: string, value: string | null) => Promise<bigint>;
  readonly task: (id: string) => KapacitorTask | undefined;
  readonly pointsTopic: string;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/**
 * Kapacitor's stream recordings in the distributed mode: a recording is a time range of the
 * points topic, kept in the recordings topic (compacted, key = recording id), never a copy of
 * the points. `record stream` writes the range from now to the request's stop with the task's
 * dbrps and answers once Kafka has it; the recording is running until its stop has passed by
 * this ingest's clock, then finished. Its points live as long as the points topic's retention.
 */
export class TopicRecordingStore {
  private readonly known: KeyedRecords<RecordingRecord>;

  constructor(private readonly options: TopicRecordingStoreOptions) {
    this.known = new KeyedRecords('recording', decodeRecordingRecord, options.logger);
  }

  apply(records: readonly ControlRecord[]): void {
    this.known.apply(records);
  }

  list(): readonly RecordingRecord[] {
    return this.known.list();
  }

  get(id: string): RecordingRecord | undefined {
    return this.known.get(id);
  }

  /** The recording as Kapacitor shows it, its status by this ingest's clock. */
  view(recording: RecordingRecord): RecordingView {
    const finished = this.options.nowMs() >= Date.parse(recording.stop);
    return { id: recording.id, type: 'stream', size: 0, date: recording.start, error: '', status: finished ? 'finished' : 'running', progress: finished ? 1 : 0 };
  }

  /** `record stream`: the task's dbrps from now until `stop` (RFC 3339), refused as Kapacitor's `handleRecordStream` refuses. */
  async recordStream(request: { readonly id?: string | undefined; readonly task: string; readonly stop: string }): Promise<RecordingRecord> {
    const id = request.id === undefined || request.id === '' ? randomUUID() : request.id;
    if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`recording ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
    const task = this.options.task(request.task);
    if (!task) throw new TaskChangeError('no task exists', true);
    const stopMs = Date.parse(request.stop);
    if (Number.isNaN(stopMs)) throw new TaskRequestError(`parsing time ${JSON.stringify(request.stop)}: not an RFC 3339 time`);
    if (this.known.get(id)) throw new RecordingExistsError();
    const dbrps = task.record?.dbrps.length ? task.record.dbrps : (scriptDbrps(task.script) ?? []);
    const recording: RecordingRecord = { id, type: 'stream', task: task.name, dbrps, pointsTopic: this.options.pointsTopic, start: new Date(this.options.nowMs()).toISOString(), stop: new Date(stopMs).toISOString() };
    await this.put(id, encodeRecordingRecord(recording));
    return recording;
  }

  /** Deletes a recording's record (a tombstone); the points topic is not touched. */
  async remove(id: string): Promise<void> {
    if (this.known.get(id)) await this.put(id, null);
  }

  private async put(id: string, value: string | null): Promise<void> {
    const offset = await this.options.write(id, value);
    this.apply([{ key: id, value: value === null ? null : Buffer.from(value), offset }]);
  }
}

/** Kapacitor's `ErrRecordingExists`, answered with 500 as its `handleRecordStream` does. */
export class RecordingExistsError extends Error {
  constructor() {
    super('recording already exists');
    this.name = 'RecordingExistsError';
  }
}
