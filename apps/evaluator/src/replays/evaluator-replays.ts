import { setTimeout as sleep } from 'node:timers/promises';
import type { Point } from '@vigil/core';
import { eventRecordOf, isBatchTask, pointsOfTopicRange, ReplayStoppedError, runReplayTask, type MessageDecoder, type RangeRecord, type TaskDefinition } from '@vigil/evaluation';
import { REPLAY_ID_HEADER } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import type { NodeRegistry } from '@vigil/tick-engine';
import { decodeReplayRequest, encodeReplayRecord, REPLAY_TAKEN, type RecordingRecord, type ReplayRecord, type ReplayRequest } from '@vigil/topic-contract';

/** One message to a topic, as the evaluator's producer sends it. */
export interface ReplayMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EvaluatorReplaysOptions {
  /** The records of `topic` stamped in [startMs, stopMs), every partition. */
  readonly readRange: (topic: string, startMs: number, stopMs: number) => Promise<readonly RangeRecord[]>;
  /** The points topic's decoder, the one the evaluator's partitions use. */
  readonly decoder: MessageDecoder;
  /** The task as this evaluator compiles it, whatever its status; throws saying why it cannot be had. */
  readonly definition: (task: string) => TaskDefinition | Promise<TaskDefinition>;
  /** Sends messages and resolves once Kafka has them. */
  readonly send: (topic: string, messages: readonly ReplayMessage[]) => Promise<void>;
  readonly alertsTopic: string;
  /**
   * The deployment's points and replays topics, as this evaluator is configured: a replay reads
   * only the one and writes only the other, whatever the request on Redis names, so whoever can
   * push to the queue cannot make the evaluator read or write another topic with its credentials.
   */
  readonly pointsTopic: string;
  readonly replaysTopic: string;
  /** The evaluator's engine, so replays render its ClusterID and ServerID in alert templates. */
  readonly registry?: NodeRegistry;
  readonly logger: Logger;
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
 * A crash before the events are sent leaves the replay `running` and nothing delivered; one
 * during the send (several record batches for many events) or before the status write leaves
 * some or all events delivered and the replay `running`. A stop (the evaluator's shutdown) ends
 * the replay at its next point and writes it failed.
 */
export class EvaluatorReplays {
  private readonly stopping = new AbortController();
  /** Replays run one after the other: each holds its range's points in memory. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: EvaluatorReplaysOptions) {}

  /** The request queue's answer: takes the replay and runs it after those taken before. */
  take(text: string): Promise<string> {
    const request = decodeReplayRequest(text);
    this.options.logger.info({ task: request.replay.task, replay: request.replay.id, recording: request.recording.id }, 'replay taken');
    this.queue = this.queue.then(() => this.run(request));
    return Promise.resolve(REPLAY_TAKEN);
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

  private async run(request: ReplayRequest): Promise<void> {
    const { replay, recording } = request;
    const { logger } = this.options;
    try {
      if (this.stopping.signal.aborted) throw new ReplayStoppedError('the evaluator');
      this.checkTopics(request);
      const outcome = await this.replay(replay, recording);
      await this.write({ ...replay, status: 'finished', progress: 1 });
      logger.info({ task: replay.task, replay: replay.id, points: outcome.points, events: outcome.events, dropped: outcome.dropped }, "replay finished; its events go to the task's handlers");
    } catch (error) {
      const reason = error instanceof ReplayStoppedError ? 'the evaluator stopped during the replay' : (error as Error).message;
      logger.warn({ task: replay.task, replay: replay.id, err: error }, 'replay failed');
      await this.write({ ...replay, status: 'failed', error: reason, progress: 1 }).catch((writeError: unknown) =>
        logger.error({ replay: replay.id, err: writeError }, 'the failed replay could not be written to the replays topic; it shows running'),
      );
    }
  }

  private async replay(replay: ReplayRecord, recording: RecordingRecord): Promise<{ points: number; events: number; dropped: number }> {
    const definition = await this.options.definition(replay.task);
    if (isBatchTask(definition)) throw new Error(`cannot replay stream recording ${recording.id} against batch task ${replay.task}`);
    const settle = Date.parse(recording.stop) + (this.options.settleMs ?? 1_000) - Date.now();
    if (settle > 0) await sleep(settle, undefined, { signal: this.stopping.signal }).catch(() => Promise.reject(new ReplayStoppedError('the evaluator')));
    const records = await this.options.readRange(this.options.pointsTopic, Date.parse(recording.start), Date.parse(recording.stop));
    let unreadable = 0;
    const points = await pointsOfTopicRange(this.options.decoder, records, (point) => inDbrps(point, recording.dbrps), () => void (unreadable += 1));
    if (unreadable > 0) this.options.logger.warn({ replay: replay.id, topic: this.options.pointsTopic, records: unreadable }, 'records of the recording held lines that are not points; they were skipped');
    const startedMs = Date.parse(replay.date);
    const outcome = await runReplayTask({
      definition,
      points,
      recordingTime: replay.recordingTime,
      clock: replay.clock,
      nowNs: BigInt(startedMs) * 1_000_000n,
      signal: this.stopping.signal,
      ...(this.options.registry === undefined ? {} : { registry: this.options.registry }),
    });
    const messages = outcome.events.map((event, n) => {
      const record = eventRecordOf(event, `replay:${replay.id}:${startedMs}:${n}`);
      return { key: record.key, value: record.value, headers: { ...record.headers, [REPLAY_ID_HEADER]: replay.id } };
    });
    if (messages.length > 0) await this.options.send(this.options.alertsTopic, messages);
    return { points: outcome.points, events: messages.length, dropped: outcome.dropped };
  }

  /** A request naming topics other than this evaluator's comes from another deployment or a misconfigured ingest: it is not run. */
  private checkTopics({ recording, replaysTopic }: ReplayRequest): void {
    const { pointsTopic } = this.options;
    if (recording.pointsTopic !== pointsTopic) {
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
function inDbrps(point: Point, dbrps: RecordingRecord['dbrps']): boolean {
  return dbrps.some((dbrp) => dbrp.db === point.database && dbrp.rp === point.retentionPolicy);
}
