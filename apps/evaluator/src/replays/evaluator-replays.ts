import { setTimeout as sleep } from 'node:timers/promises';
import type { Point } from '@vigil/core';
import { eventRecordOf, isBatchTask, pointsOfTopicRange, ReplayStoppedError, runReplayTask, type InfluxDBPort, type MessageDecoder, type RangeRecord, type ReplayOutcome, type TaskDefinition } from '@vigil/evaluation';
import { nodeStatsOf, REPLAY_ID_HEADER } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import type { NodeRegistry } from '@vigil/tick-engine';
import {
  decodeEvaluatorRunRequest,
  encodeReplayRecord,
  recordingLines,
  REPLAY_TAKEN,
  replayBusyAnswer,
  runLeaseKey,
  type LeasedRun,
  type LiveReplayRequest,
  type QueryRecording,
  type RecordingWritten,
  type RangeRecording,
  type ReplayRecord,
  type ReplayRequest,
} from '@vigil/topic-contract';
import { QueryRecorder } from './query-recorder';
import type { ReplayMessage, SentBatch } from './replay-message';
import { NO_INFLUXDB, replayLive, replayRecordedLines, type ReplaySetup } from './query-runs';

export type { ReplayMessage } from './replay-message';

/**
 * How many taken runs may wait behind the running one: each waiting request holds its replay's
 * or recording's description only, but a long queue on one evaluator while another is idle
 * delays them all, so past this the evaluator answers busy and ingest asks again.
 */
export const MAX_WAITING_RUNS = 4;

/** What EvaluatorReplays needs of RunLeases. */
export interface RunLeaseKeeper {
  begin(key: string): Promise<void>;
  end(key: string): Promise<void>;
}

export interface EvaluatorReplaysOptions {
  /** The records of `topic` stamped in [startMs, stopMs), every partition. */
  readonly readRange: (topic: string, startMs: number, stopMs: number) => Promise<readonly RangeRecord[]>;
  /** The points topic's decoder, the one the evaluator's partitions use. */
  readonly decoder: MessageDecoder;
  /** The task as this evaluator compiles it, whatever its status; throws saying why it cannot be had. */
  readonly definition: (task: string) => TaskDefinition | Promise<TaskDefinition>;
  /** Sends messages and resolves once Kafka has them. */
  readonly send: (topic: string, messages: readonly ReplayMessage[]) => Promise<readonly SentBatch[] | void>;
  readonly alertsTopic: string;
  /**
   * The deployment's points and replays topics, as this evaluator is configured: a replay reads
   * only the one and writes only the other, whatever the request on Redis names, so whoever can
   * push to the queue cannot make the evaluator read or write another topic with its credentials.
   */
  readonly pointsTopic: string;
  readonly replaysTopic: string;
  /** Where `record batch` and `record query` recordings end (ingest's RECORDINGS_TOPIC), and where their data goes (RECORDING_DATA_TOPIC). */
  readonly recordingsTopic: string;
  readonly recordingDataTopic: string;
  /** The records of the data topic a recording's chunks were written to (readRecordingData). */
  readonly readData: (topic: string, written: RecordingWritten) => Promise<readonly { readonly key: string; readonly value: Buffer | null }[]>;
  /** The evaluator's InfluxDB (INFLUXDB_URL, INFLUXDB_CLUSTERS_FILE), which query recordings and live replays query. */
  readonly influxdb?: InfluxDBPort | undefined;
  /** The evaluator's engine, so replays render its ClusterID and ServerID in alert templates. */
  readonly registry?: NodeRegistry;
  readonly logger: Logger;
  /**
   * The leases kept on the runs taken (RunLeases over Redis), under the deployment's TASKS_TOPIC:
   * ingest writes a running run whose lease lapsed failed. None in tests that do not look at them.
   */
  readonly leases?: { readonly keeper: RunLeaseKeeper; readonly tasksTopic: string };
  /** Runs taken that may wait behind the running one (MAX_WAITING_RUNS unless a test sets it). */
  readonly maxWaiting?: number;
  /**
   * How long after the recording's stop its range is read (default 1 s): a write stamped just
   * before the stop may still be on its way to the broker when the recording shows finished.
   */
  readonly settleMs?: number;
}

/**
 * The evaluator's side of Kapacitor's `replay` in the distributed mode: ingest queues a replay
 * of a stream recording (a time range of the points topic) on Redis, and the evaluator that pops
 * it answers REPLAY_TAKEN at once, then, one replay at a time, reads the range, keeps the points
 * written to the recording's dbrps, runs the task over them in an engine of its own
 * (`runReplayTask`, as vigil serve does), publishes the events to the alerts topic for the
 * notifier to deliver to the task's handlers, as Kapacitor's replay sends its alerts, and writes
 * the replay finished or failed to the replays topic. Each event id names the replay and its
 * start, so the notifier's deduplication never confuses it with a live event or another replay.
 *
 * Each run taken holds a Redis lease until its end is written (`leases`). A crash before the
 * events are sent leaves the replay `running` and nothing delivered; one during the send
 * (several record batches for many events) or before the status write leaves some or all
 * events delivered: either way its lease lapses and ingest writes the replay failed. A stop (the
 * evaluator's shutdown) ends the replay at its next point and writes it failed.
 */
export class EvaluatorReplays {
  private readonly stopping = new AbortController();
  /** Replays run one after the other: each holds its range's points in memory. */
  private queue: Promise<void> = Promise.resolve();
  /** Runs taken whose turn has not come. */
  private waiting = 0;

  constructor(private readonly options: EvaluatorReplaysOptions) {}

  /**
   * The request queue's answer: holds the run's lease, then takes it to run after those taken
   * before; a lease Redis refused leaves the run untaken (ingest then writes it failed).
   */
  take(text: string): Promise<string> {
    const request = decodeEvaluatorRunRequest(text);
    if (this.waiting >= (this.options.maxWaiting ?? MAX_WAITING_RUNS)) return Promise.resolve(replayBusyAnswer(this.waiting));
    this.waiting += 1;
    const lease = request.kind === 'record' ? this.leaseKey('recording', request.recording.id) : this.leaseKey('replay', request.replay.id);
    const turn = (work: () => Promise<void>) => (): Promise<void> => {
      this.waiting -= 1;
      return work();
    };
    return this.holdLease(lease).then(
      () => {
        if (request.kind === 'record') {
          this.options.logger.info({ recording: request.recording.id, type: request.recording.type }, 'recording taken');
          const recorder = new QueryRecorder({ ...this.options, definition: async (task) => this.options.definition(task) }, this.stopping.signal);
          this.queue = this.queue.then(turn(() => recorder.record(request))).finally(() => this.releaseLease(lease));
        } else {
          this.options.logger.info({ task: request.replay.task, replay: request.replay.id, recording: request.replay.recording }, 'replay taken');
          this.queue = this.queue.then(turn(() => this.run(request))).finally(() => this.releaseLease(lease));
        }
        return REPLAY_TAKEN;
      },
      (error: unknown) => {
        this.waiting -= 1;
        throw error;
      },
    );
  }

  private leaseKey(run: LeasedRun, id: string): string | undefined {
    const { leases } = this.options;
    return leases === undefined ? undefined : runLeaseKey(leases.tasksTopic, run, id);
  }

  private async holdLease(key: string | undefined): Promise<void> {
    if (key !== undefined) await this.options.leases?.keeper.begin(key);
  }

  private async releaseLease(key: string | undefined): Promise<void> {
    if (key !== undefined) await this.options.leases?.keeper.end(key);
  }

  /** Resolves once every replay taken so far has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Ends the running replay (written failed) and those waiting. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.queue;
  }

  private async run(request: ReplayRequest | LiveReplayRequest): Promise<void> {
    const { replay } = request;
    const { logger } = this.options;
    try {
      if (this.stopping.signal.aborted) throw new ReplayStoppedError('the evaluator');
      this.checkTopics(request);
      const ran = await this.replay(request);
      const outcome = await this.publish(replay, ran);
      await this.write({ ...replay, status: 'finished', progress: 1, ...(ran.statistics === undefined ? {} : { nodeStats: nodeStatsOf(ran.statistics) }) });
      logger.info({ task: replay.task, replay: replay.id, points: outcome.points, events: outcome.events, dropped: outcome.dropped }, "replay finished; its events go to the task's handlers");
    } catch (error) {
      const reason = error instanceof ReplayStoppedError ? 'the evaluator stopped during the replay' : (error as Error).message;
      logger.warn({ task: replay.task, replay: replay.id, err: error }, 'replay failed');
      await this.write({ ...replay, status: 'failed', error: reason, progress: 1 }).catch((writeError: unknown) =>
        logger.error({ replay: replay.id, err: writeError }, 'the failed replay could not be written to the replays topic; it shows running'),
      );
    }
  }

  /** Runs the replay's task over its input: a range of the points topic, a query recording's data, or live queries. */
  private async replay(request: ReplayRequest | LiveReplayRequest): Promise<ReplayOutcome> {
    const { replay } = request;
    const setup: ReplaySetup = {
      definition: await this.options.definition(replay.task),
      recordingTime: replay.recordingTime,
      clock: replay.clock,
      nowNs: BigInt(Date.parse(replay.date)) * 1_000_000n,
      signal: this.stopping.signal,
      ...(this.options.registry === undefined ? {} : { registry: this.options.registry }),
    };
    if (request.kind === 'replay-live') return replayLive(request.query, this.influxdb(), setup);
    if (request.recording.source === 'query') return replayRecordedLines(request.recording, await this.recordedLines(request.recording), setup);
    return this.replayRange(replay, request.recording, setup);
  }

  private influxdb(): InfluxDBPort {
    if (this.options.influxdb === undefined) throw new Error(NO_INFLUXDB);
    return this.options.influxdb;
  }

  private async recordedLines(recording: QueryRecording): Promise<string[]> {
    const { written } = recording;
    if (written === undefined) throw new Error(`recording ${recording.id} has no data written (status ${recording.status})`);
    return recordingLines(recording, await this.options.readData(recording.dataTopic, written));
  }

  private async replayRange(replay: ReplayRecord, recording: RangeRecording, setup: ReplaySetup): Promise<ReplayOutcome> {
    const { definition } = setup;
    if (isBatchTask(definition)) throw new Error(`cannot replay stream recording ${recording.id} against batch task ${replay.task}`);
    const settle = Date.parse(recording.stop) + (this.options.settleMs ?? 1_000) - Date.now();
    if (settle > 0) await sleep(settle, undefined, { signal: this.stopping.signal }).catch(() => Promise.reject(new ReplayStoppedError('the evaluator')));
    const records = await this.options.readRange(this.options.pointsTopic, Date.parse(recording.start), Date.parse(recording.stop));
    let unreadable = 0;
    const points = await pointsOfTopicRange(this.options.decoder, records, (point) => inDbrps(point, recording.dbrps), () => void (unreadable += 1));
    if (unreadable > 0) this.options.logger.warn({ replay: replay.id, topic: this.options.pointsTopic, records: unreadable }, 'records of the recording held lines that are not points; they were skipped');
    return runReplayTask({ ...setup, points });
  }

  /** Publishes the replay's events for the notifier, each with an id naming the replay and its start. */
  private async publish(replay: ReplayRecord, outcome: ReplayOutcome): Promise<{ points: number; events: number; dropped: number }> {
    const startedMs = Date.parse(replay.date);
    const messages = outcome.events.map((event, n) => {
      const record = eventRecordOf(event, `replay:${replay.id}:${startedMs}:${n}`);
      return { key: record.key, value: record.value, headers: { ...record.headers, [REPLAY_ID_HEADER]: replay.id } };
    });
    if (messages.length > 0) await this.options.send(this.options.alertsTopic, messages);
    return { points: outcome.points, events: messages.length, dropped: outcome.dropped };
  }

  /** A request naming topics other than this evaluator's comes from another deployment or a misconfigured ingest: it is not run. */
  private checkTopics(request: ReplayRequest | LiveReplayRequest): void {
    const { pointsTopic } = this.options;
    const { replaysTopic } = request;
    const recording = request.kind === 'replay-live' ? undefined : request.recording;
    if (recording?.source === 'query' && recording.dataTopic !== this.options.recordingDataTopic) {
      throw new Error(`recording ${recording.id} is in the recording data topic ${recording.dataTopic}, and this evaluator reads only its own ${this.options.recordingDataTopic} (RECORDING_DATA_TOPIC)`);
    }
    if (recording !== undefined && recording.source !== 'query' && recording.pointsTopic !== pointsTopic) {
      throw new Error(`recording ${recording.id} is a range of the points topic ${recording.pointsTopic}, and this evaluator replays only its own points topic ${pointsTopic} (POINTS_TOPIC)`);
    }
    if (replaysTopic !== this.options.replaysTopic) {
      throw new Error(`the replay request names the replays topic ${replaysTopic}, and this evaluator writes replays only to ${this.options.replaysTopic} (REPLAYS_TOPIC): give ingest and the evaluators the same REPLAYS_TOPIC`);
    }
  }

  private async write(replay: ReplayRecord): Promise<void> {
    await this.options.send(this.options.replaysTopic, [{ key: replay.id, value: encodeReplayRecord(replay) }]);
  }
}

/** A recording holds the points written to the task's dbrps while it ran, as Kapacitor's stream recording does. */
function inDbrps(point: Point, dbrps: RangeRecording['dbrps']): boolean {
  return dbrps.some((dbrp) => dbrp.db === point.database && dbrp.rp === point.retentionPolicy);
}
