import { decodeJsonPoint, encodeJsonPoint } from '@vigil/core';
import {
  batchesOfQuery,
  batchesOfTask,
  decodeRecordedBatch,
  encodeRecordedBatch,
  isBatchTask,
  pointsOfQuery,
  runBatchReplayTask,
  runReplayTask,
  type InfluxDBPort,
  type RecordedBatch,
  type ReplayOutcome,
  type ReplayRun,
  type TaskDefinition,
} from '@vigil/evaluation';
import type { QueryRecording, QuerySource } from '@vigil/topic-contract';

/** Why an evaluator without an InfluxDB cannot record or replay-live. */
export const NO_INFLUXDB =
  'the evaluator has no INFLUXDB_URL (or INFLUXDB_CLUSTERS_FILE): record batch, record query, replay-live batch and replay-live query query the InfluxDB of the evaluator that takes them; set it on every evaluator (docs/batch-tasks.md)';

/** What a replay runs: the task and settings, without its input. */
export type ReplaySetup = Omit<ReplayRun, 'points'>;

/** The batch task a `record batch` or `replay-live batch` runs the queries of. */
function batchTask(definition: TaskDefinition): TaskDefinition {
  if (!isBatchTask(definition)) throw new Error(`task ${definition.name} is a stream task: record batch and replay-live batch need a batch task`);
  return definition;
}

function window(source: Extract<QuerySource, { kind: 'batch' }>, nowMs: number): { startNs: bigint; stopNs: bigint; nowNs: bigint } {
  return { startNs: BigInt(Date.parse(source.start)) * 1_000_000n, stopNs: BigInt(Date.parse(source.stop)) * 1_000_000n, nowNs: BigInt(nowMs) * 1_000_000n };
}

/**
 * The lines of a query recording, made as vigil serve makes its recording files: the task's runs
 * from start to stop (those ending after the recording's date left out), or one query's answer as
 * batches or as points of its dbrp (which must be fully qualified, else the recording fails, as
 * in Kapacitor's `doRecordQuery`).
 */
export async function recordedLines(recording: QueryRecording, definition: (task: string) => Promise<TaskDefinition>, influxdb: InfluxDBPort, signal: AbortSignal): Promise<string[]> {
  const { query } = recording;
  if (query.kind === 'batch') {
    const lines: string[] = [];
    for await (const recorded of batchesOfTask(batchTask(await definition(query.task)), influxdb, window(query, Date.parse(recording.date)), signal)) lines.push(encodeRecordedBatch(recorded));
    return lines;
  }
  if (recording.type === 'batch') return (await batchesOfQuery(influxdb, query.query, query.cluster)).map((batch) => encodeRecordedBatch({ source: 0, batch }));
  return (await pointsOfQuery(influxdb, query.query, query.cluster)).map((point) => encodeJsonPoint(point).toString('utf8'));
}

/** Replays a query recording's lines through the task, refusing a type mismatch as Kapacitor's `doReplayFromRecording` does. */
export function replayRecordedLines(recording: QueryRecording, lines: readonly string[], setup: ReplaySetup): Promise<ReplayOutcome> {
  const taskType = isBatchTask(setup.definition) ? 'batch' : 'stream';
  if (taskType !== recording.type) throw new Error(`cannot replay ${recording.type} recording ${recording.id} against ${taskType} task ${setup.definition.name}`);
  if (recording.type === 'batch') return runBatchReplayTask({ ...setup, batches: lines.map((line): RecordedBatch => decodeRecordedBatch(line)) });
  return runReplayTask({ ...setup, points: lines.map((line) => decodeJsonPoint(Buffer.from(line, 'utf8'))) });
}

/** `replay-live`: the queries' answers fed to the task as they come, kept nowhere (Kapacitor's `doLiveBatchReplay`, `doLiveQueryReplay`). */
export async function replayLive(source: QuerySource, influxdb: InfluxDBPort, setup: ReplaySetup): Promise<ReplayOutcome> {
  const { definition } = setup;
  if (source.kind === 'batch') return runBatchReplayTask({ ...setup, batches: batchesOfTask(batchTask(definition), influxdb, window(source, Number(setup.nowNs / 1_000_000n)), setup.signal) });
  if (isBatchTask(definition)) return runBatchReplayTask({ ...setup, batches: (await batchesOfQuery(influxdb, source.query, source.cluster)).map((batch) => ({ source: 0, batch })) });
  return runReplayTask({ ...setup, points: await pointsOfQuery(influxdb, source.query, source.cluster) });
}
