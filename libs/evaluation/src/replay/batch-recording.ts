import type { FieldValue, Point } from '@vigil/core';
import type { BatchMessage } from '@vigil/tick-engine';
import { parseSelectStatement } from '@vigil/tick-lang';
import { batchesOf, influxqlQueryOf, queryText, rangeOf, runsBetween, scheduleOf, type InfluxDBPort } from '../batch/index';
import type { TaskDefinition } from '../tasks/task-definition';

/** One recorded batch: which query node of the task it feeds (by position, as Kapacitor's batch archive), and the batch. */
export interface RecordedBatch {
  readonly source: number;
  readonly batch: BatchMessage;
}

/** The query nodes of a task, in pipeline order: the sources of its recorded batches. */
export function querySources(definition: TaskDefinition): string[] {
  return definition.pipeline.nodes.filter((node) => node.type === 'query' || node.type === 'promQL').map((node) => node.name);
}

/**
 * Makes every run of the task's `query()` nodes from `start` to `stop`, as Kapacitor's
 * `record batch` lists them (`QueryNode.Queries`: each next tick after start up to stop, a range
 * ending after now left out), against InfluxDB, and yields their batches in run-time order.
 * A failed query fails the recording, as in Kapacitor; so does the server's stop (`signal`),
 * between two runs.
 */
export async function* batchesOfTask(definition: TaskDefinition, influxdb: InfluxDBPort, window: { readonly startNs: bigint; readonly stopNs: bigint; readonly nowNs: bigint }, signal?: AbortSignal): AsyncGenerator<RecordedBatch> {
  const nodes = definition.pipeline.nodes.filter((node) => node.type === 'query' || node.type === 'promQL');
  if (nodes.some((node) => node.type === 'promQL')) throw new Error(`task ${definition.name} has promQL() nodes: record batch reads InfluxDB query() nodes only`);
  const runs = nodes
    .flatMap((node, source) => {
      const schedule = scheduleOf(node);
      return runsBetween(schedule, window.startNs, window.stopNs, window.nowNs).map((time) => ({ source, query: influxqlQueryOf(node), range: rangeOf(schedule, time), time }));
    })
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  for (const run of runs) {
    if (signal?.aborted) throw new Error('the server stopped during the recording');
    const series = await influxdb.query(run.query.cluster, queryText(run.query, run.range));
    for (const batch of batchesOf(series, { byMeasurement: run.query.byMeasurement, groupedByTime: run.query.groupedByTime, stop: run.range.stop })) yield { source: run.source, batch };
  }
}

/**
 * The database and retention policy of a `record query` query, which must name both
 * (`FROM "db"."rp"."m"`), as Kapacitor's `execQuery` requires.
 */
export function dbrpOfQuery(query: string): { readonly database: string; readonly retentionPolicy: string } {
  let sources;
  try {
    sources = parseSelectStatement(query).sources;
  } catch (error) {
    throw new Error(`the query is not an InfluxQL SELECT: ${(error as Error).message}`);
  }
  const [source] = sources;
  if (sources.length !== 1 || !source || source.database === '' || source.retentionPolicy === '') throw new Error('could not determine database and retention policy. Is the query fully qualified?');
  return { database: source.database, retentionPolicy: source.retentionPolicy };
}

/** A query's answer as batches, one per series, each dated at its latest point (Kapacitor's `runQueryBatch`). */
export async function batchesOfQuery(influxdb: InfluxDBPort, query: string, cluster: string): Promise<BatchMessage[]> {
  dbrpOfQuery(query);
  const series = await influxdb.query(cluster, query);
  return batchesOf(series, { byMeasurement: false, groupedByTime: true, stop: 0n }).filter((batch) => batch.points.length > 0);
}

/** A query's answer as points of its database and retention policy, in time order across series (Kapacitor's `runQueryStream`). */
export async function pointsOfQuery(influxdb: InfluxDBPort, query: string, cluster: string): Promise<Point[]> {
  const dbrp = dbrpOfQuery(query);
  const series = await influxdb.query(cluster, query);
  const points = batchesOf(series, { byMeasurement: false, groupedByTime: true, stop: 0n }).flatMap((batch) => batch.points.map((point) => ({ ...point, ...dbrp })));
  return points.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

interface StoredPoint {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly fields: Record<string, FieldValue>;
  readonly time: string;
}

/** A recorded batch as one JSON line of a batch recording: times as ns decimal strings. */
interface StoredBatch {
  readonly source: number;
  readonly name: string;
  readonly tmax: string;
  readonly group: string;
  readonly tags: Record<string, string>;
  readonly by: string[];
  readonly byMeasurement: boolean;
  readonly points: StoredPoint[];
}

/** One line (no newline) of a batch recording, as `vigil serve`'s files and the evaluators' recording chunks hold it. */
export function encodeRecordedBatch({ source, batch }: RecordedBatch): string {
  const stored: StoredBatch = {
    source,
    name: batch.name,
    tmax: batch.tmax.toString(),
    group: batch.group,
    tags: { ...batch.groupTags },
    by: [...batch.dimensions.by],
    byMeasurement: batch.dimensions.byMeasurement,
    // InfluxDB answers hold floats, strings and booleans only (every number is a float).
    points: batch.points.map((point) => ({ name: point.name, tags: { ...point.tags }, fields: { ...point.fields }, time: point.time.toString() })),
  };
  return JSON.stringify(stored);
}

/** Reads a line `encodeRecordedBatch` wrote. */
export function decodeRecordedBatch(line: string): RecordedBatch {
  const stored = JSON.parse(line) as StoredBatch;
  return {
    source: stored.source,
    batch: {
      kind: 'batch',
      name: stored.name,
      tmax: BigInt(stored.tmax),
      group: stored.group,
      groupTags: stored.tags,
      dimensions: { by: stored.by, byMeasurement: stored.byMeasurement, exclude: [] },
      points: stored.points.map((point) => ({ database: '', retentionPolicy: '', name: point.name, tags: point.tags, fields: point.fields, time: BigInt(point.time) })),
    },
  };
}
