import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '@vigil/core';
import { batchesOfQuery, batchesOfTask, eventRecordOf, isBatchTask, pointsOfQuery, type InfluxDBPort, type TaskDefinition } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { NodeRegistry } from '@vigil/tick-engine';
import { nodeStatsOf, REPLAY_ID_HEADER } from '@vigil/kapacitor-api';
import { standaloneTasks } from '../evaluation/standalone-tasks';
import type { EventLogAppender } from '../evaluation/event-log.sink';
import { taskSourceOf, type TaskFile } from '../storage/tasks/task-file';
import type { TailedLog } from '../tailing/tailed-log';
import { inDbrps, pointsOfLog, pointsOfRecording } from './recorded-points';
import { RUN_ID, type RecordingInfo, type RecordingStore, type ReplayInfo } from './recording-store';
import { batchesOfRecording, writeBatchRecording, writeStreamRecording } from './batch-recorder';
import { runBatchReplayTask, runReplayTask, type ReplayOutcome, type ReplayRun } from './replay-runner';
import { recordStream } from './stream-recorder';

/** A recording or replay request vigil cannot take, with Kapacitor's status and message. */
export class RunRequestError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
    this.name = 'RunRequestError';
  }
}

/** What every replay request names: the task, and how time runs. */
export interface ReplayRequest {
  readonly id?: string;
  readonly task: string;
  readonly recordingTime: boolean;
  readonly clock: 'fast' | 'real';
}

export interface RecordingServiceOptions {
  readonly store: RecordingStore;
  readonly points: TailedLog;
  /** Where a replay's events go, for the notifier to deliver to the task's handlers. */
  readonly events: EventLogAppender;
  readonly task: (name: string) => TaskFile | undefined;
  readonly nowMs: () => number;
  readonly logger: Logger;
  /** The server's engine, so replays render its ids in alert templates. */
  readonly registry?: NodeRegistry;
  /** The InfluxDB batch tasks query (`--influxdb`): `record batch` and `record query` read it. */
  readonly influxdb?: InfluxDBPort | undefined;
}

/**
 * Kapacitor's replay service in `vigil serve` (`services/replay/service.go`): stream recordings of
 * what the server receives for a task, replays of a recording through a task in an engine of its
 * own whose alerts go to the task's handlers (appended to the event log, where the notifier
 * delivers them through the DeliveryScheduler like any event), and, beyond Kapacitor, a backtest
 * of the retained point log's time range against a task. Recordings and replays run in the
 * background, as in Kapacitor; the server's stop ends them.
 */
export class RecordingService {
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: RecordingServiceOptions) {}

  private engineOptions(): { registry?: NodeRegistry } {
    return this.options.registry === undefined ? {} : { registry: this.options.registry };
  }

  async recordStream(request: { readonly id?: string; readonly task: string; readonly stop: string }): Promise<RecordingInfo> {
    const id = runId(request.id, 'recording');
    const task = this.taskFile(request.task, '');
    const stopMs = Date.parse(request.stop);
    if (Number.isNaN(stopMs)) throw new RunRequestError(`parsing time ${JSON.stringify(request.stop)}: not an RFC 3339 time`, 400);
    const definition = definitionOf(task);
    const recording: RecordingInfo = { id, type: 'stream', size: 0, date: new Date(this.options.nowMs()).toISOString(), error: '', status: 'running', progress: 0 };
    await this.options.store.putRecording(recording);
    this.background(async () => {
      try {
        await recordStream({ points: this.options.points, dbrps: definition.pipeline.dbrps, stopNs: BigInt(stopMs) * 1_000_000n, path: this.options.store.dataPath(id), nowMs: this.options.nowMs, signal: this.stopping.signal });
        await this.options.store.putRecording({ ...recording, status: 'finished', progress: 1, size: await this.options.store.dataSize(id) });
      } catch (error) {
        await this.options.store.putRecording({ ...recording, status: 'failed', error: (error as Error).message });
      }
    });
    return recording;
  }

  /**
   * `record batch`: the runs the task's query nodes would make from `start` to `stop` (now when
   * not given), made against the server's InfluxDB, their batches kept for replays.
   */
  async recordBatch(request: { readonly id?: string; readonly task: string; readonly start: string; readonly stop?: string }): Promise<RecordingInfo> {
    const id = runId(request.id, 'recording');
    const startMs = givenTime(request.start);
    if (startMs === undefined) throw new RunRequestError('must provide start time', 400);
    const nowMs = this.options.nowMs();
    const stopMs = givenTime(request.stop) ?? nowMs;
    const task = this.taskFile(request.task, '');
    const definition = definitionOf(task);
    if (!isBatchTask(definition)) throw new RunRequestError(`task ${task.name} is a stream task: record batch needs a batch task`, 400);
    const influxdb = this.influxdb('record batch query');
    const window = { startNs: BigInt(startMs) * 1_000_000n, stopNs: BigInt(stopMs) * 1_000_000n, nowNs: BigInt(nowMs) * 1_000_000n };
    return this.record(id, 'batch', async (path) => {
      await writeBatchRecording(path, batchesOfTask(definition, influxdb, window, this.stopping.signal));
    });
  }

  /** `record query`: one query's answer against the server's InfluxDB, as batches or as points of the query's dbrp. */
  async recordQuery(request: { readonly id?: string; readonly query: string; readonly type: 'stream' | 'batch'; readonly cluster?: string }): Promise<RecordingInfo> {
    const id = runId(request.id, 'recording');
    if (request.query === '') throw new RunRequestError('must provide query', 400);
    const influxdb = this.influxdb('record query');
    const cluster = request.cluster ?? '';
    return this.record(id, request.type, async (path) => {
      if (request.type === 'batch') await writeBatchRecording(path, (await batchesOfQuery(influxdb, request.query, cluster)).map((batch) => ({ source: 0, batch })));
      else await writeStreamRecording(path, await pointsOfQuery(influxdb, request.query, cluster));
    });
  }

  async replay(request: ReplayRequest & { readonly recording: string }): Promise<ReplayInfo> {
    const id = runId(request.id, 'replay');
    const task = this.taskFile(request.task, 'task load: ');
    const recording = this.options.store.recording(request.recording);
    if (!recording) throw new RunRequestError('recording not found: no recording exists', 404);
    const definition = definitionOf(task);
    const batchTask = isBatchTask(definition);
    if (batchTask !== (recording.type === 'batch')) throw new RunRequestError(`cannot replay ${recording.type} recording ${recording.id} against ${batchTask ? 'batch' : 'stream'} task ${task.name}`, 400);
    const path = this.options.store.dataPath(recording.id, recording.type);
    return this.startReplay(id, request, recording.id, (run) => (batchTask ? runBatchReplayTask({ ...run, definition, batches: batchesOfRecording(path) }) : runReplayTask({ ...run, definition, points: pointsOfRecording(path) })));
  }

  /**
   * `replay-live batch`: the runs `record batch` would record from `start` to `stop`, fed to the
   * batch task as they are queried, without keeping them (Kapacitor's `doLiveBatchReplay`).
   */
  async replayLiveBatch(request: ReplayRequest & { readonly start: string; readonly stop?: string }): Promise<ReplayInfo> {
    const id = runId(request.id, 'replay');
    const task = this.taskFile(request.task, 'task load: ');
    const definition = definitionOf(task);
    if (!isBatchTask(definition)) throw new RunRequestError(`cannot replay batch against stream task: ${task.name}`, 400);
    const startMs = givenTime(request.start);
    if (startMs === undefined) throw new RunRequestError('must provide start time', 400);
    const nowMs = this.options.nowMs();
    const stopMs = givenTime(request.stop) ?? nowMs;
    const influxdb = this.influxdb('replay a batch query');
    const window = { startNs: BigInt(startMs) * 1_000_000n, stopNs: BigInt(stopMs) * 1_000_000n, nowNs: BigInt(nowMs) * 1_000_000n };
    return this.startReplay(id, request, '', (run) => runBatchReplayTask({ ...run, definition, batches: batchesOfTask(definition, influxdb, window, run.signal) }));
  }

  /** `replay-live query`: one query's answer fed to the task, as batches or as points by its type (Kapacitor's `doLiveQueryReplay`). */
  async replayLiveQuery(request: ReplayRequest & { readonly query: string; readonly cluster?: string }): Promise<ReplayInfo> {
    const id = runId(request.id, 'replay');
    if (request.query === '') throw new RunRequestError('must provide query', 400);
    const task = this.taskFile(request.task, 'task load: ');
    const definition = definitionOf(task);
    const influxdb = this.influxdb('replay a query');
    const cluster = request.cluster ?? '';
    return this.startReplay(id, request, '', async (run) => {
      if (!isBatchTask(definition)) return runReplayTask({ ...run, definition, points: await pointsOfQuery(influxdb, request.query, cluster) });
      return runBatchReplayTask({ ...run, definition, batches: (await batchesOfQuery(influxdb, request.query, cluster)).map((batch) => ({ source: 0, batch })) });
    });
  }

  /**
   * Runs the task over the points the point log still holds with times in [start, stop), written
   * to the task's dbrps, with their own times, and answers the alert events it would raise. Nothing
   * is delivered: this is a backtest of the task on real history, without recording first.
   */
  async backtest(request: { readonly task: string; readonly startNs: bigint; readonly stopNs: bigint }): Promise<ReplayOutcome> {
    const task = this.taskFile(request.task, '');
    const definition = definitionOf(task);
    const points = this.options.points;
    async function* inRange(): AsyncGenerator<Parameters<typeof inDbrps>[0]> {
      for await (const point of pointsOfLog(points, points.start(), points.end())) {
        if (point.time >= request.startNs && point.time < request.stopNs && inDbrps(point, definition.pipeline.dbrps)) yield point;
      }
    }
    return runReplayTask({ definition, points: inRange(), recordingTime: true, clock: 'fast', nowNs: 0n, signal: this.stopping.signal, ...this.engineOptions() });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running);
  }

  /** Appends a replay's events to the event log, each with an id of the replay's own. */
  private async deliver(id: string, startedMs: number, outcome: ReplayOutcome): Promise<void> {
    const records = outcome.events.flatMap((event: AlertEvent, n) => {
      const record = eventRecordOf(event, `replay:${id}:${startedMs}:${n}`);
      return [{ key: record.key, value: record.value, headers: { ...record.headers, [REPLAY_ID_HEADER]: id } }];
    });
    if (records.length > 0) await this.options.events.append(records);
    this.options.logger.info({ task: outcome.events[0]?.task, replay: id, points: outcome.points, events: records.length, dropped: outcome.dropped }, 'replay finished; its events go to the task handlers');
  }

  /** Saves a running replay, runs it in the background, delivers its events, then saves how it ended. */
  private async startReplay(id: string, request: ReplayRequest, recording: string, replayRun: (run: Omit<ReplayRun, 'definition' | 'points'>) => Promise<ReplayOutcome>): Promise<ReplayInfo> {
    const startedMs = this.options.nowMs();
    const replay: ReplayInfo = { id, task: request.task, recording, 'recording-time': request.recordingTime, clock: request.clock, date: new Date(startedMs).toISOString(), error: '', status: 'running', progress: 0 };
    await this.options.store.putReplay(replay);
    this.background(async () => {
      try {
        const outcome = await replayRun({ recordingTime: request.recordingTime, clock: request.clock, nowNs: BigInt(startedMs) * 1_000_000n, signal: this.stopping.signal, ...this.engineOptions() });
        await this.deliver(id, startedMs, outcome);
        await this.options.store.putReplay({ ...replay, status: 'finished', progress: 1, ...(outcome.statistics === undefined ? {} : { stats: { 'node-stats': nodeStatsOf(outcome.statistics) } }) });
      } catch (error) {
        await this.options.store.putReplay({ ...replay, status: 'failed', error: (error as Error).message });
      }
    });
    return replay;
  }

  /** Saves a running recording, fills its data in the background, then saves how that ended. */
  private async record(id: string, type: RecordingInfo['type'], fill: (path: string) => Promise<void>): Promise<RecordingInfo> {
    const recording: RecordingInfo = { id, type, size: 0, date: new Date(this.options.nowMs()).toISOString(), error: '', status: 'running', progress: 0 };
    await this.options.store.putRecording(recording);
    this.background(async () => {
      try {
        await fill(this.options.store.dataPath(id, type));
        await this.options.store.putRecording({ ...recording, status: 'finished', progress: 1, size: await this.options.store.dataSize(id) });
      } catch (error) {
        await this.options.store.putRecording({ ...recording, status: 'failed', progress: 1, error: (error as Error).message, size: await this.options.store.dataSize(id) });
      }
    });
    return recording;
  }

  private influxdb(what: string): InfluxDBPort {
    if (!this.options.influxdb) throw new RunRequestError(`InfluxDB not configured, cannot ${what}: start vigil serve with --influxdb URL`, 400);
    return this.options.influxdb;
  }

  private taskFile(name: string, prefix: string): TaskFile {
    const task = this.options.task(name);
    if (!task) throw new RunRequestError(`${prefix}no task exists`, 404);
    return task;
  }

  private background(work: () => Promise<void>): void {
    const run = work().catch((error: unknown) => this.options.logger.error({ err: error }, 'a recording or replay failed to save its status'));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }
}

function runId(given: string | undefined, what: 'recording' | 'replay'): string {
  const id = given === undefined || given === '' ? randomUUID() : given;
  if (!RUN_ID.test(id)) throw new RunRequestError(`${what} ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`, 400);
  return id;
}

/** A request's RFC 3339 time in ms, undefined when not given (Go's zero time is what the kapacitor CLI sends for none). */
function givenTime(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text.startsWith('0001-01-01T00:00:00')) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RunRequestError(`parsing time ${JSON.stringify(text)}: not an RFC 3339 time`, 400);
  return ms;
}

function definitionOf(task: TaskFile): TaskDefinition {
  const [definition] = standaloneTasks([taskSourceOf(task)]);
  if (!definition) throw new RunRequestError(`task ${task.name} cannot be compiled`, 400);
  return definition;
}
