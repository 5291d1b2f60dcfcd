import { randomUUID } from 'node:crypto';
import { KAPACITOR_ID, TaskChangeError, TaskRequestError, type KapacitorReplay, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { decodeReplayRecord, encodeReplayRecord, type RecordingRecord, type ReplayRecord, type ReplayRequest } from '@vigil/topic-contract';
import { KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';
import { ReplaysUnavailableError } from './evaluator-replay-queue';

export interface TopicReplayStoreOptions {
  readonly write: (id: string, value: string | null) => Promise<bigint>;
  readonly task: (id: string) => KapacitorTask | undefined;
  readonly recording: (id: string) => RecordingRecord | undefined;
  /** Hands the request to one evaluator; throws ReplaysUnavailableError when none took it. */
  readonly hand: (request: ReplayRequest) => Promise<void>;
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
    const { id, task, recording, recordingTime, clock, date, error, status, progress } = replay;
    return { id, task, recording, 'recording-time': recordingTime, clock, date, error, status, progress };
  }

  /** `kapacitor replay -recording R -task T [-rec-time] [-real-clock]`: the running replay, once an evaluator took it. */
  async replay(request: { readonly id?: string | undefined; readonly task: string; readonly recording: string; readonly recordingTime: boolean; readonly clock: 'fast' | 'real' }): Promise<ReplayRecord> {
    const id = request.id === undefined || request.id === '' ? randomUUID() : request.id;
    if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`replay ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
    if (!this.options.task(request.task)) throw new TaskChangeError('task load: no task exists', true);
    const recording = this.options.recording(request.recording);
    if (!recording) throw new TaskChangeError('recording not found: no recording exists', true);
    // Kapacitor replays a recording's file once written; here the range must have passed, or its points are still coming.
    if (this.options.nowMs() < Date.parse(recording.stop)) throw new TaskRequestError(`recording ${recording.id} is still running until ${recording.stop}: replay it once it has finished`);
    // Kapacitor's replays.Create refuses an id it holds; a second write would overwrite the first replay's record.
    if (this.known.get(id)) throw new ReplayExistsError();
    const replay: ReplayRecord = { id, task: request.task, recording: recording.id, recordingTime: request.recordingTime, clock: request.clock, date: new Date(this.options.nowMs()).toISOString(), status: 'running', error: '', progress: 0 };
    await this.put(id, encodeReplayRecord(replay));
    try {
      await this.options.hand({ replay, recording, replaysTopic: this.options.replaysTopic });
    } catch (error) {
      const failed: ReplayRecord = { ...replay, status: 'failed', error: (error as Error).message, progress: 1 };
      await this.put(id, encodeReplayRecord(failed));
      if (error instanceof ReplaysUnavailableError) throw error;
      throw new ReplaysUnavailableError(`the replay could not be handed to an evaluator: ${(error as Error).message}`);
    }
    return replay;
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

/** Kapacitor's `ErrReplayExists`, answered with 500 as its `handleCreateReplay` does. */
export class ReplayExistsError extends Error {
  constructor() {
    super('replay already exists');
    this.name = 'ReplayExistsError';
  }
}
