import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { FieldValue, Point } from '@vigil/core';
import { batchesOf, influxqlQueryOf, queryText, rangeOf, runsBetween, scheduleOf, type InfluxDBPort, type TaskDefinition } from '@vigil/evaluation';
import type { BatchMessage } from '@vigil/tick-engine';
import { parseSelectStatement } from '@vigil/tick-lang';
import { RecordingWriter } from './recorded-points';

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

/** Writes a stream recording of points (the stream recording format). */
export async function writeStreamRecording(path: string, points: readonly Point[]): Promise<void> {
  const writer = new RecordingWriter(path);
  try {
    for (const point of points) await writer.write(point);
  } finally {
    await writer.close();
  }
}

/** Writes a batch recording: gzip, one recorded batch a line, times as ns decimal strings. */
export async function writeBatchRecording(path: string, batches: AsyncIterable<RecordedBatch> | Iterable<RecordedBatch>): Promise<number> {
  const gzip = createGzip();
  const file = createWriteStream(path);
  gzip.pipe(file);
  const done = finished(file);
  let count = 0;
  try {
    for await (const recorded of batches) {
      if (!gzip.write(`${JSON.stringify(encodeRecordedBatch(recorded))}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
      count += 1;
    }
  } finally {
    gzip.end();
    await done;
  }
  return count;
}

/** The batches of a batch recording, in recorded order. */
export async function* batchesOfRecording(path: string): AsyncGenerator<RecordedBatch> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield decodeRecordedBatch(JSON.parse(line) as StoredBatch);
}

interface StoredPoint {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly fields: Record<string, FieldValue>;
  readonly time: string;
}

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

function encodeRecordedBatch({ source, batch }: RecordedBatch): StoredBatch {
  return {
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
}

function decodeRecordedBatch(stored: StoredBatch): RecordedBatch {
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
