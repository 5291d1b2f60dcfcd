import { randomUUID } from 'node:crypto';
import { KAPACITOR_ID, TaskChangeError, TaskRequestError, taskObject, type KapacitorReplay, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { decodeReplayRecord, encodeReplayRecord, type LiveReplayRequest, type QuerySource, type RecordingRecord, type ReplayRecord, type ReplayRequest } from '@vigil/topic-contract';
import { KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';
import { ReplaysUnavailableError, RunNotTakenError } from './evaluator-replay-queue';
import { givenTime } from './topic-recording-store';

export interface TopicReplayStoreOptions {
  readonly write: (id: string, value: string | null) => Promise<bigint>;
  readonly task: (id: string) => KapacitorTask | undefined;
  readonly recording: (id: string) => RecordingRecord | undefined;
  /** Hands the request to one evaluator; throws ReplaysUnavailableError when none took it. */
  readonly hand: (request: ReplayRequest | LiveReplayRequest) => Promise<void>;
  readonly replaysTopic: string;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/**
 * Kapacitor's replays in the distributed mode (`services/replay/service.go`,
 * `handleCreateReplay`): a replay is checked as Kapacitor checks it, written `running` to the
 * replays topic (compacted, key = replay id), then handed to one evaluator, which runs the task
 * over the recording's range of the points topic, publishes the alerts for the notifier and
 * writes the replay again, finished or failed. Every ingest lists the same replays, after a
 * restart too. A replay no evaluator took is written failed, and the request answered 503.
 */
export class TopicReplayStore {
  private readonly known: KeyedRecords<ReplayRecord>;

  constructor(private readonly options: TopicReplayStoreOptions) {
    this.known = new KeyedRecords('replay', decodeReplayRecord, options.logger);
  }

  apply(records: readonly ControlRecord[]): void {
    this.known.apply(records);
  }

  list(): readonly ReplayRecord[] {
    return this.known.list();
  }

  get(id: string): ReplayRecord | undefined {
    return this.known.get(id);
  }

  view(replay: ReplayRecord): KapacitorReplay {
    const { id, task, recording, recordingTime, clock, date, error, status, progress, nodeStats } = replay;
    // Kapacitor shows a replay's figures once it finished, and empty `stats` before.
    const stats = status === 'finished' && nodeStats !== undefined ? { 'node-stats': nodeStats } : {};
    return { id, task, recording, 'recording-time': recordingTime, clock, date, error, status, progress, stats };
  }

  /** `kapacitor replay -recording R -task T [-rec-time] [-real-clock]`: the running replay, once an evaluator took it. */
  async replay(request: ReplaySettings & { readonly recording: string }): Promise<ReplayRecord> {
    const id = replayId(request.id);
    if (!this.options.task(request.task)) throw new TaskChangeError('task load: no task exists', true);
    const recording = this.options.recording(request.recording);
    if (!recording) throw new TaskChangeError('recording not found: no recording exists', true);
    if (recording.source === 'query') {
      // Kapacitor replays a recording's file as far as it was written; here a recording is replayed whole or not at all.
      if (recording.status === 'running') throw new TaskRequestError(`recording ${recording.id} is still running: replay it once it has finished`);
      if (recording.status === 'failed') throw new TaskRequestError(`recording ${recording.id} failed, so it has no data to replay: ${recording.error}`);
      // A range must have passed, or its points are still coming.
    } else if (this.options.nowMs() < Date.parse(recording.stop)) throw new TaskRequestError(`recording ${recording.id} is still running until ${recording.stop}: replay it once it has finished`);
    return this.start(this.running(id, request, recording.id), (replay) => ({ replay, recording, replaysTopic: this.options.replaysTopic }));
  }

  /**
   * `replay-live batch`: the runs `record batch` would record from `start` to `stop` (now when not
   * given), fed by an evaluator to the batch task as it queries them (Kapacitor's `handleReplayBatch`).
   */
  async replayLiveBatch(request: ReplaySettings & { readonly start?: string | undefined; readonly stop?: string | undefined }): Promise<ReplayRecord> {
    const id = replayId(request.id);
    const task = this.options.task(request.task);
    if (!task) throw new TaskChangeError('task load: no task exists', true);
    if (taskObject(task).type !== 'batch') throw new TaskRequestError(`cannot replay batch against stream task: ${task.name}`);
    const startMs = givenTime(request.start);
    if (startMs === undefined) throw new TaskRequestError('must provide start time');
    const stopMs = givenTime(request.stop) ?? this.options.nowMs();
    return this.live(id, request, { kind: 'batch', task: task.name, start: new Date(startMs).toISOString(), stop: new Date(stopMs).toISOString() });
  }

  /** `replay-live query`: one query's answer fed to the task, as batches or points by the task's type (Kapacitor's `handleReplayQuery`). */
  async replayLiveQuery(request: ReplaySettings & { readonly query: string; readonly cluster?: string | undefined }): Promise<ReplayRecord> {
    const id = replayId(request.id);
    if (request.query === '') throw new TaskRequestError('must provide query');
    if (!this.options.task(request.task)) throw new TaskChangeError('task load: no task exists', true);
    return this.live(id, request, { kind: 'query', query: request.query, cluster: request.cluster ?? '' });
  }

  private live(id: string, request: ReplaySettings, query: QuerySource): Promise<ReplayRecord> {
    return this.start(this.running(id, request, ''), (replay) => ({ kind: 'replay-live', replay, query, replaysTopic: this.options.replaysTopic }));
  }

  private running(id: string, request: ReplaySettings, recording: string): ReplayRecord {
    // Kapacitor's replays.Create refuses an id it holds; a second write would overwrite the first replay's record.
    if (this.known.get(id)) throw new ReplayExistsError();
    return { id, task: request.task, recording, recordingTime: request.recordingTime, clock: request.clock, date: new Date(this.options.nowMs()).toISOString(), status: 'running', error: '', progress: 0 };
  }

  /**
   * Writes the replay running, then hands it to an evaluator. One no evaluator took is removed (a
   * tombstone: nothing runs it, so the same id may be asked again) and refused; one whose hand-over
   * failed otherwise (an evaluator may have it) is written failed and refused.
   */
  private async start(replay: ReplayRecord, request: (replay: ReplayRecord) => ReplayRequest | LiveReplayRequest): Promise<ReplayRecord> {
    const { id } = replay;
    await this.put(id, encodeReplayRecord(replay));
    try {
      await this.options.hand(request(replay));
    } catch (error) {
      const failed: ReplayRecord = { ...replay, status: 'failed', error: (error as Error).message, progress: 1 };
      await this.put(id, error instanceof RunNotTakenError ? null : encodeReplayRecord(failed));
      if (error instanceof ReplaysUnavailableError) throw error;
      throw new ReplaysUnavailableError(`the replay could not be handed to an evaluator: ${(error as Error).message}`);
    }
    return replay;
  }

  /** Writes a replay that is still running failed with `reason` (its evaluator stopped before it ended). */
  async failRunning(id: string, reason: string): Promise<void> {
    const replay = this.known.get(id);
    if (replay?.status !== 'running') return;
    await this.put(id, encodeReplayRecord({ ...replay, status: 'failed', error: reason, progress: 1 }));
  }

  /**
   * Deletes a replay's record (a tombstone). As in Kapacitor, a running replay is not stopped;
   * its evaluator writes the replay again when it ends, so it shows again then.
   */
  async remove(id: string): Promise<void> {
    if (this.known.get(id)) await this.put(id, null);
  }

  private async put(id: string, value: string | null): Promise<void> {
    const offset = await this.options.write(id, value);
    this.apply([{ key: id, value: value === null ? null : Buffer.from(value), offset }]);
  }
}

/** What every replay request names: its id, the task, and how time runs. */
export interface ReplaySettings {
  readonly id?: string | undefined;
  readonly task: string;
  readonly recordingTime: boolean;
  readonly clock: 'fast' | 'real';
}

function replayId(given: string | undefined): string {
  const id = given === undefined || given === '' ? randomUUID() : given;
  if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`replay ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
  return id;
}

/** Kapacitor's `ErrReplayExists`, answered with 500 as its `handleCreateReplay` does. */
export class ReplayExistsError extends Error {
  constructor() {
    super('replay already exists');
    this.name = 'ReplayExistsError';
  }
}
