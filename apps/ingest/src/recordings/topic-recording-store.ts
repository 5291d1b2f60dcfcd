import { randomUUID } from 'node:crypto';
import { KAPACITOR_ID, scriptDbrps, TaskChangeError, TaskRequestError, taskObject, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { decodeRecordingRecord, encodeRecordingRecord, recordingChunkKey, type QueryRecording, type QuerySource, type RecordingRecord, type RecordRequest } from '@vigil/topic-contract';
import { KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';
import { ReplaysUnavailableError, RunNotTakenError } from './evaluator-replay-queue';

/** Kapacitor's recording (`client.Recording`) as the API shows it. */
export interface RecordingView {
  readonly id: string;
  readonly type: 'stream' | 'batch';
  /** A stream recording's points stay in the points topic, which other recordings and the evaluators share: vigil does not count them (0). */
  readonly size: number;
  readonly date: string;
  readonly error: string;
  readonly status: 'running' | 'finished' | 'failed';
  readonly progress: 0 | 1;
}

export interface TopicRecordingStoreOptions {
  readonly write: (id: string, value: string | null) => Promise<bigint>;
  readonly task: (id: string) => KapacitorTask | undefined;
  readonly pointsTopic: string;
  /** Hands a `record batch` or `record query` to one evaluator; throws ReplaysUnavailableError when none took it. */
  readonly hand: (request: RecordRequest) => Promise<void>;
  /** This ingest's recordings topic, where the evaluator writes the recording's end. */
  readonly recordingsTopic: string;
  /** Where evaluators write the data of query recordings, in chunks keyed `<id>/<n>`. */
  readonly dataTopic: string;
  /** Writes (here: deletes, with null) a chunk of the data topic once Kafka has it. */
  readonly writeData: (key: string, value: null) => Promise<void>;
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

  /** The recording as Kapacitor shows it: a range's status by this ingest's clock, a query recording's as its evaluator wrote it. */
  view(recording: RecordingRecord): RecordingView {
    if (recording.source === 'query') {
      const { id, type, size, date, error, status } = recording;
      return { id, type, size, date, error, status, progress: status === 'running' ? 0 : 1 };
    }
    const finished = this.options.nowMs() >= Date.parse(recording.stop);
    return { id: recording.id, type: 'stream', size: 0, date: recording.start, error: '', status: finished ? 'finished' : 'running', progress: finished ? 1 : 0 };
  }

  /** `record stream`: the task's dbrps from now until `stop` (RFC 3339), refused as Kapacitor's `handleRecordStream` refuses. */
  async recordStream(request: { readonly id?: string | undefined; readonly task: string; readonly stop: string }): Promise<RecordingRecord> {
    const id = recordingId(request.id);
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

  /**
   * `record batch`: the runs a batch task's `query()` nodes would make from `start` to `stop` (now
   * when not given), checked as Kapacitor's `handleRecordBatch` (and refused for a stream task, as
   * vigil serve refuses it), then recorded by an evaluator.
   */
  async recordBatch(request: { readonly id?: string | undefined; readonly task: string; readonly start?: string | undefined; readonly stop?: string | undefined }): Promise<QueryRecording> {
    const id = recordingId(request.id);
    const startMs = givenTime(request.start);
    if (startMs === undefined) throw new TaskRequestError('must provide start time');
    const nowMs = this.options.nowMs();
    const stopMs = givenTime(request.stop) ?? nowMs;
    const task = this.options.task(request.task);
    if (!task) throw new TaskChangeError('no task exists', true);
    if (taskObject(task).type !== 'batch') throw new TaskRequestError(`task ${task.name} is a stream task: record batch needs a batch task`);
    return this.recordQueries(id, 'batch', { kind: 'batch', task: task.name, start: new Date(startMs).toISOString(), stop: new Date(stopMs).toISOString() }, nowMs);
  }

  /** `record query`: one query's answer, as batches or as points of its database and retention policy (Kapacitor's `handleRecordQuery`). */
  async recordQuery(request: { readonly id?: string | undefined; readonly type: 'stream' | 'batch'; readonly query: string; readonly cluster?: string | undefined }): Promise<QueryRecording> {
    const id = recordingId(request.id);
    if (request.query === '') throw new TaskRequestError('must provide query');
    return this.recordQueries(id, request.type, { kind: 'query', query: request.query, cluster: request.cluster ?? '' }, this.options.nowMs());
  }

  /**
   * Deletes a recording's record (a tombstone); the points topic is not touched, and a query
   * recording's chunks get tombstones too.
   */
  async remove(id: string): Promise<void> {
    const recording = this.known.get(id);
    if (!recording) return;
    if (recording.source === 'query') for (let n = 0; n < recording.chunks; n++) await this.options.writeData(recordingChunkKey(id, n), null);
    await this.put(id, null);
  }

  /**
   * Writes a query recording that is still running failed with `reason` (its evaluator stopped
   * before it ended). The chunks it sent before are not counted in any record, so no delete
   * tombstones them (docs/control-plane.md).
   */
  async failRunning(id: string, reason: string): Promise<void> {
    const recording = this.known.get(id);
    if (recording?.source !== 'query' || recording.status !== 'running') return;
    const failed: QueryRecording = { ...recording, status: 'failed', error: reason };
    await this.put(id, encodeRecordingRecord(failed));
  }

  /**
   * Writes the recording running, then hands it to an evaluator. One no evaluator took is removed
   * (a tombstone: nothing makes it, so the same id may be asked again) and refused; one whose
   * hand-over failed otherwise (an evaluator may have it) is written failed and refused.
   */
  private async recordQueries(id: string, type: QueryRecording['type'], query: QuerySource, nowMs: number): Promise<QueryRecording> {
    if (this.known.get(id)) throw new RecordingExistsError();
    const recording: QueryRecording = { id, type, source: 'query', query, dataTopic: this.options.dataTopic, date: new Date(nowMs).toISOString(), status: 'running', error: '', size: 0, chunks: 0 };
    await this.put(id, encodeRecordingRecord(recording));
    try {
      await this.options.hand({ kind: 'record', recording, recordingsTopic: this.options.recordingsTopic });
    } catch (error) {
      const failed: QueryRecording = { ...recording, status: 'failed', error: (error as Error).message };
      await this.put(id, error instanceof RunNotTakenError ? null : encodeRecordingRecord(failed));
      if (error instanceof ReplaysUnavailableError) throw error;
      throw new ReplaysUnavailableError(`the recording could not be handed to an evaluator: ${(error as Error).message}`);
    }
    return recording;
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

/** The request's recording id, a new UUID when none, refused as Kapacitor refuses one. */
function recordingId(given: string | undefined): string {
  const id = given === undefined || given === '' ? randomUUID() : given;
  if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`recording ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
  return id;
}

/** A request's RFC 3339 time in ms, undefined when not given (the kapacitor CLI sends Go's zero time for none). */
export function givenTime(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text.startsWith('0001-01-01T00:00:00')) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new TaskRequestError(`parsing time ${JSON.stringify(text)}: not an RFC 3339 time`);
  return ms;
}
