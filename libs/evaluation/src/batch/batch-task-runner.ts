import type { PipelineNode } from '@vigil/tick-lang';
import type { BatchMessage, Task } from '@vigil/tick-engine';
import { rangeOf, scheduleOf, type QueryRange, type QuerySchedule } from './batch-schedule';
import { batchesOf } from './influx-result';
import type { InfluxDBPort } from './influxdb-port';
import { influxqlQueryOf, queryText, type InfluxQLQuery } from './influxql-query';
import { promBatchesOf, type PrometheusPort } from './prometheus-port';

export const BATCH_SCHEDULE_FORMAT = 'vigil.batch-schedule.v1';

/** Where each query node of a batch task is in its schedule: plain JSON, checkpointed with the task. */
export interface BatchScheduleState {
  readonly format: typeof BATCH_SCHEDULE_FORMAT;
  /** Per query node (`query1`): the next run time and the last run made, ns as decimal strings. */
  readonly queries: Readonly<Record<string, { readonly next: string; readonly last?: string }>>;
}

/** One scheduled run: a query node at a run time. `id` is deterministic, for event ids. */
export interface BatchRun {
  readonly node: string;
  readonly time: bigint;
  readonly range: QueryRange;
  readonly id: string;
}

/** What one run fed the task: its batches and their points, or nothing when the query failed. */
export interface BatchRunResult {
  readonly batches: number;
  readonly points: number;
  /** The query failed (logged): the run counts as made, with nothing fed. */
  readonly failed: boolean;
}

export interface BatchRunnerPorts {
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  /** A failed query is logged and the run counts as made, as Kapacitor's `doQuery` goes on to the next tick. */
  readonly log: (entry: { level: 'info' | 'error'; node: string; message: string }) => void;
}

interface ScheduledQuery {
  readonly node: PipelineNode;
  readonly schedule: QuerySchedule;
  readonly influxql?: InfluxQLQuery;
  next: bigint | undefined;
  last: bigint | undefined;
}

/**
 * Runs the scheduled queries of one batch task and feeds their answers to the task. The host owns
 * time: `start(now)` sets the first runs, `due(now)` lists the runs whose time has come (every
 * one of them, in time order: a host that was down catches up instead of skipping, which is where
 * vigil departs from Kapacitor's tickers), and `run()` makes one and moves its node's schedule on.
 *
 * Exactly once: the host checkpoints `snapshot()` together with the task's own snapshot after a
 * run. A crash before that checkpoint restores the schedule from before the run, so the run is
 * made again with the same `id` and the same answer, and the notifier drops the repeated events
 * by their id; a crash after it never makes the run again.
 */
export class BatchTaskRunner {
  private readonly queries: ScheduledQuery[];

  constructor(
    private readonly taskName: string,
    private readonly task: Task,
    private readonly ports: BatchRunnerPorts,
  ) {
    this.queries = task.pipeline.nodes
      .filter((node) => node.type === 'query' || node.type === 'promQL')
      .map((node) => ({ node, schedule: scheduleOf(node), ...(node.type === 'query' ? { influxql: influxqlQueryOf(node) } : {}), next: undefined, last: undefined }));
  }

  get isBatchTask(): boolean {
    return this.queries.length > 0;
  }

  /** Sets the first run of every query that has none yet (a fresh task, not a restored one). */
  start(now: bigint): void {
    for (const query of this.queries) if (query.next === undefined && query.last === undefined) query.next = query.schedule.first(now);
  }

  /** The runs due at `now`, earliest first (node order for equal times). */
  due(now: bigint): BatchRun[] {
    const runs: BatchRun[] = [];
    for (const query of this.queries) {
      for (let time = query.next; time !== undefined && time <= now; time = query.schedule.next(time)) runs.push(this.runOf(query, time));
    }
    return runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  /** The run a node makes at `time` (for replays, which choose their own run times). */
  runAt(node: string, time: bigint): BatchRun {
    return this.runOf(this.queryNamed(node), time);
  }

  /** Makes one run: queries, feeds every batch of the answer to the task, moves the schedule on. */
  async run(run: BatchRun): Promise<BatchRunResult> {
    const query = this.queryNamed(run.node);
    let batches: BatchMessage[] = [];
    let failed = false;
    try {
      batches = await this.fetch(query, run.range);
    } catch (error) {
      failed = true;
      this.ports.log({ level: 'error', node: run.node, message: `error executing query: ${(error as Error).message}` });
    }
    let points = 0;
    for (const batch of batches) {
      points += batch.points.length;
      this.task.writeBatch(run.node, batch);
    }
    query.last = run.time;
    query.next = query.schedule.next(run.time);
    return { batches: batches.length, points, failed };
  }

  /** The text of the query a run sends (InfluxQL nodes), for logs and tests. */
  queryTextOf(run: BatchRun): string {
    const query = this.queryNamed(run.node);
    if (query.influxql) return queryText(query.influxql, run.range);
    const text = query.node.args[0];
    return text?.type === 'string' ? text.value : '';
  }

  snapshot(): BatchScheduleState {
    const queries: Record<string, { next: string; last?: string }> = {};
    for (const query of this.queries) {
      queries[query.node.name] = { next: query.next === undefined ? '' : query.next.toString(), ...(query.last === undefined ? {} : { last: query.last.toString() }) };
    }
    return { format: BATCH_SCHEDULE_FORMAT, queries };
  }

  /** Restores a schedule saved by `snapshot()`; throws on another task's or format's state. */
  restore(state: unknown): void {
    const record = state as Partial<BatchScheduleState> | null;
    if (record?.format !== BATCH_SCHEDULE_FORMAT || typeof record.queries !== 'object' || record.queries === null) {
      throw new Error(`batch schedule of task ${this.taskName}: not a ${BATCH_SCHEDULE_FORMAT} state`);
    }
    for (const query of this.queries) {
      const saved = record.queries[query.node.name];
      if (!saved || typeof saved.next !== 'string') throw new Error(`batch schedule of task ${this.taskName} has no state for ${query.node.name}`);
      query.next = saved.next === '' ? undefined : BigInt(saved.next);
      query.last = saved.last === undefined ? undefined : BigInt(saved.last);
    }
  }

  private async fetch(query: ScheduledQuery, range: QueryRange): Promise<BatchMessage[]> {
    if (query.influxql) {
      if (!this.ports.influxdb) throw new Error('InfluxDB not configured, cannot query InfluxDB for batch query');
      const series = await this.ports.influxdb.query(query.influxql.cluster, queryText(query.influxql, range));
      return batchesOf(series, { byMeasurement: query.influxql.byMeasurement, groupedByTime: query.influxql.groupedByTime, stop: range.stop });
    }
    if (!this.ports.prometheus) throw new Error('Prometheus not configured, cannot run a promQL() query');
    const text = query.node.args[0];
    const step = [...query.node.properties].reverse().find((call) => call.name === 'step')?.args[0];
    const cluster = [...query.node.properties].reverse().find((call) => call.name === 'cluster')?.args[0];
    const series = await this.ports.prometheus.queryRange(
      cluster?.type === 'string' ? cluster.value : '',
      text?.type === 'string' ? text.value : '',
      range,
      step?.type === 'duration' ? step.ns : query.schedule.period,
    );
    return promBatchesOf(series, query.node.name, range.stop);
  }

  private runOf(query: ScheduledQuery, time: bigint): BatchRun {
    return { node: query.node.name, time, range: rangeOf(query.schedule, time), id: `${this.taskName}/${query.node.name}@${time}` };
  }

  private queryNamed(node: string): ScheduledQuery {
    const query = this.queries.find((candidate) => candidate.node.name === node);
    if (!query) throw new Error(`task ${this.taskName} has no query node ${node}`);
    return query;
  }
}
