import { describe, expect, it } from 'vitest';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { HttpOutResults } from '../runtime/http-out-results';
import { defineTasks } from '../tasks/task-definition';
import { BatchTaskSet, batchTaskField, isBatchTask } from './batch-task-set';
import type { InfluxDBPort, InfluxSeries } from './influxdb-port';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

const BATCH = `dbrp "telegraf"."autogen"
batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
    .groupBy('host')
  |alert()
    .crit(lambda: "usage" > 90.0)
    .topic('cpu')
`;
const STREAM = `dbrp "telegraf"."autogen"
stream|from().measurement('cpu')|alert().crit(lambda: "usage" > 90.0)
`;

/** Answers every statement with one series per host from the usage given for the run's stop time. */
class FakeInfluxDB implements InfluxDBPort {
  readonly statements: string[] = [];
  constructor(private readonly usage: (stop: string) => Record<string, number>) {}
  async query(_cluster: string, query: string): Promise<InfluxSeries[]> {
    this.statements.push(query);
    const stop = /time < '([^']+)'/.exec(query)?.[1] ?? '';
    return Object.entries(this.usage(stop)).map(([host, usage]) => ({ name: 'cpu', tags: { host }, columns: ['time', 'usage'], values: [[stop, usage]] }));
  }
}

function setOf(influxdb: InfluxDBPort, script = BATCH) {
  const definitions = defineTasks([{ name: 'cpu_batch', script }, { name: 'cpu_stream', script: STREAM }], SERIES_PARTITION_KEYS);
  return new BatchTaskSet(definitions, { influxdb, log: () => undefined });
}

// Host a is critical from 10:02 on, then OK from 10:04.
const USAGE: Record<string, Record<string, number>> = {
  '2024-03-01T10:01:00Z': { a: 50 },
  '2024-03-01T10:02:00Z': { a: 95 },
  '2024-03-01T10:03:00Z': { a: 97 },
  '2024-03-01T10:04:00Z': { a: 10 },
};

describe('BatchTaskSet', () => {
  it("hands each group's batch to the host's httpOut results, which answer the latest per group", async () => {
    const script = BATCH.replace(/\|alert\(\)[\s\S]*$/, "|httpOut('max')\n");
    const definitions = defineTasks([{ name: 'cpu_batch', script }], SERIES_PARTITION_KEYS);
    const results = new HttpOutResults();
    results.retain(definitions);
    const set = new BatchTaskSet(definitions, { influxdb: new FakeInfluxDB((stop) => ({ a: stop.endsWith('01:00Z') ? 1 : 2, b: 3 })), log: () => undefined, publish: (...args) => results.publish(...args) });
    set.start(ns('2024-03-01T10:00:10Z'));
    for (const run of set.due(ns('2024-03-01T10:02:30Z'))) await set.run(run);
    expect(JSON.parse(results.answer('cpu_batch', 'max') ?? 'null')).toEqual({
      series: [
        { name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage'], values: [['2024-03-01T10:02:00Z', 2]] },
        { name: 'cpu', tags: { host: 'b' }, columns: ['time', 'usage'], values: [['2024-03-01T10:02:00Z', 3]] },
      ],
    });
  });

  it('takes only batch tasks', () => {
    const definitions = defineTasks([{ name: 'cpu_batch', script: BATCH }, { name: 'cpu_stream', script: STREAM }], SERIES_PARTITION_KEYS);
    expect(definitions.map(isBatchTask)).toEqual([true, false]);
    expect(setOf(new FakeInfluxDB(() => ({}))).names).toEqual(['cpu_batch']);
  });

  it('makes every due run in order, each run at its own time, and alerts from the answers', async () => {
    const influxdb = new FakeInfluxDB((stop) => USAGE[stop] ?? {});
    const set = setOf(influxdb);
    set.start(ns('2024-03-01T10:00:10Z'));
    expect(set.due(ns('2024-03-01T10:00:59Z'))).toEqual([]);
    const runs = set.due(ns('2024-03-01T10:04:30Z'));
    expect(runs.map((run) => run.id)).toEqual([
      `cpu_batch/query1@${ns('2024-03-01T10:01:00Z')}`,
      `cpu_batch/query1@${ns('2024-03-01T10:02:00Z')}`,
      `cpu_batch/query1@${ns('2024-03-01T10:03:00Z')}`,
      `cpu_batch/query1@${ns('2024-03-01T10:04:00Z')}`,
    ]);
    const events = [];
    for (const run of runs) events.push(...(await set.run(run)));
    expect(events.map(({ event }) => `${event.id} ${event.level} ${new Date(Number(event.time / 1_000_000n)).toISOString()}`)).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:02:00.000Z',
      'cpu:host=a CRITICAL 2024-03-01T10:03:00.000Z',
      'cpu:host=a OK 2024-03-01T10:04:00.000Z',
    ]);
    expect(influxdb.statements[0]).toBe(`SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu" WHERE time >= '2024-03-01T10:00:00Z' AND time < '2024-03-01T10:01:00Z' GROUP BY host`);
    expect(set.due(ns('2024-03-01T10:04:30Z'))).toEqual([]);
  });

  it('a run made again from the checkpoint before it gives the same events with the same ids', async () => {
    const influxdb = new FakeInfluxDB((stop) => USAGE[stop] ?? {});
    const first = setOf(influxdb);
    first.start(ns('2024-03-01T10:01:30Z'));
    const before = first.fields();
    const [run] = first.due(ns('2024-03-01T10:02:00Z'));
    const made = await first.run(run!);
    // A crash before the save: the next host restores the checkpoint from before the run.
    const second = setOf(influxdb);
    expect(second.restore(before)).toEqual({ restored: ['cpu_batch'], failed: [] });
    second.start(ns('2024-03-01T10:05:00Z'));
    const [again, ...later] = second.due(ns('2024-03-01T10:02:30Z'));
    expect(again?.id).toBe(run?.id);
    expect(later).toEqual([]);
    expect(await second.run(again!)).toEqual(made);
    expect(made.map(({ event }) => event.level)).toEqual(['CRITICAL']);
  });

  it('a restored schedule after a save never makes that run again, and catches up the runs missed since', async () => {
    const influxdb = new FakeInfluxDB((stop) => USAGE[stop] ?? {});
    const first = setOf(influxdb);
    first.start(ns('2024-03-01T10:01:30Z'));
    const [run] = first.due(ns('2024-03-01T10:02:00Z'));
    await first.run(run!);
    const saved = first.fields();
    expect(Object.keys(saved)).toEqual([batchTaskField('cpu_batch')]);
    const second = setOf(influxdb);
    second.restore(saved);
    second.start(ns('2024-03-01T10:04:10Z'));
    const runs = second.due(ns('2024-03-01T10:04:10Z'));
    expect(runs.map((entry) => entry.time)).toEqual([ns('2024-03-01T10:03:00Z'), ns('2024-03-01T10:04:00Z')]);
    const levels = [];
    for (const entry of runs) levels.push(...(await second.run(entry)).map(({ event }) => `${event.level}/${event.previousLevel}`));
    // The alert state came back with the schedule: 10:03 follows a CRITICAL, 10:04 recovers from it.
    expect(levels).toEqual(['CRITICAL/CRITICAL', 'OK/CRITICAL']);
  });

  it("a join of two queries on two clusters: a checkpoint between their runs of one time keeps the first answer, and the joined event comes once", async () => {
    const join = `dbrp "telegraf"."autogen"
var local = batch|query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"').period(1m).every(1m).align()
var eu = batch|query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"').period(1m).every(1m).align().cluster('eu')
local|join(eu).as('local', 'eu')|alert().crit(lambda: "local.usage" > "eu.usage").topic('cpu')
`;
    const clusters: string[] = [];
    const influxdb: InfluxDBPort = {
      query: async (cluster, query) => {
        clusters.push(cluster);
        const stop = /time < '([^']+)'/.exec(query)?.[1] ?? '';
        return [{ name: 'cpu', columns: ['time', 'usage'], values: [[stop, cluster === 'eu' ? 60 : 95]] }];
      },
    };
    const first = setOf(influxdb, join);
    first.start(ns('2024-03-01T10:00:10Z'));
    const [local, eu] = first.due(ns('2024-03-01T10:01:00Z'));
    expect([local?.node, eu?.node]).toEqual(['query1', 'query2']);
    expect(await first.run(local!)).toEqual([]);
    const saved = first.fields();
    const second = setOf(influxdb, join);
    expect(second.restore(saved)).toEqual({ restored: ['cpu_batch'], failed: [] });
    const due = second.due(ns('2024-03-01T10:01:00Z'));
    expect(due.map((run) => run.id)).toEqual([eu?.id]);
    const events = await second.run(due[0]!);
    expect(events.map(({ event }) => [event.id, event.level, event.series[0]?.columns, event.series[0]?.values])).toEqual([['cpu:nil', 'CRITICAL', ['time', 'eu.usage', 'local.usage'], [[ns('2024-03-01T10:01:00Z'), 60, 95]]]]);
    expect(clusters).toEqual(['', 'eu']);
  });

  it('a task whose saved state does not fit its script any more starts afresh', () => {
    const influxdb = new FakeInfluxDB(() => ({}));
    const first = setOf(influxdb);
    first.start(ns('2024-03-01T10:00:00Z'));
    const twoQueries = `${BATCH}batch|query('SELECT min("usage") AS "usage" FROM "telegraf"."autogen"."cpu"').period(1m).every(1m)|alert().crit(lambda: "usage" > 90.0)\n`;
    const changed = setOf(influxdb, twoQueries);
    const report = changed.restore(first.fields());
    expect(report.restored).toEqual([]);
    expect(report.failed.map((failure) => failure.task)).toEqual(['cpu_batch']);
  });
});
