import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '@vigil/core';
import { createTask } from '@vigil/tick-engine';
import { compileTickScript } from '@vigil/tick-lang';
import { BatchTaskRunner } from './batch-task-runner';
import { runsBetween, scheduleOf } from './batch-schedule';
import type { InfluxDBPort, InfluxSeries } from './influxdb-port';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const iso = (time: bigint) => new Date(Number(time / 1_000_000n)).toISOString().replace('.000Z', 'Z');

/** A fake InfluxDB: records every statement and answers from a function of it. */
class FakeInfluxDB implements InfluxDBPort {
  readonly statements: string[] = [];
  constructor(private readonly answer: (query: string) => InfluxSeries[] = () => []) {}
  async query(cluster: string, query: string): Promise<InfluxSeries[]> {
    this.statements.push(`${cluster}|${query}`);
    return this.answer(query);
  }
}

function runnerFor(script: string, influxdb: InfluxDBPort, events: AlertEvent[] = []) {
  const { pipeline } = compileTickScript(script);
  const task = createTask(pipeline, { taskName: 't', now: () => 0n, emitEvent: (event) => events.push(event), emitPoint: () => undefined, log: () => undefined, publish: () => undefined });
  return { runner: new BatchTaskRunner('t', task, { influxdb, log: () => undefined }), pipeline, task };
}

describe('query rewriting (query.go: NewQuery, Dimensions, Fill)', () => {
  it('adds the bounds after the written condition, replaces GROUP BY and fill', async () => {
    const influxdb = new FakeInfluxDB();
    const { runner } = runnerFor(
      `batch|query('SELECT mean("usage") FROM "telegraf"."autogen"."cpu" WHERE "host" = \\'a\\' OR "dc" = \\'x\\' GROUP BY dc fill(none) LIMIT 10')
        .period(5m).every(1m).offset(30s).groupBy(time(1m), 'host', 'my-tag', *).fill(0).cluster('east')`,
      influxdb,
    );
    await runner.run(runner.runAt('query1', ns('2024-03-01T10:05:30Z')));
    expect(influxdb.statements).toEqual([
      `east|SELECT mean("usage") FROM "telegraf"."autogen"."cpu" WHERE "host" = 'a' OR "dc" = 'x' AND time >= '2024-03-01T10:00:00Z' AND time < '2024-03-01T10:05:00Z' GROUP BY time(1m, 0s), host, "my-tag", * fill(0) LIMIT 10`,
    ]);
  });

  it("keeps the query's own fill without .fill(); .fill('null') prints none; alignGroup sets the offset from the start", async () => {
    const influxdb = new FakeInfluxDB();
    const { runner } = runnerFor(
      `batch|query('SELECT count(x) FROM db..m fill(previous)').period(5m).every(30s)
       batch|query('SELECT count(x) FROM db..m fill(previous)').period(5m).every(30s).fill('null').groupBy(time(1m, -5s)).alignGroup()`,
      influxdb,
    );
    await runner.run(runner.runAt('query1', ns('2024-03-01T10:05:30Z')));
    await runner.run(runner.runAt('query2', ns('2024-03-01T10:05:30Z')));
    expect(influxdb.statements).toEqual([
      "|SELECT count(x) FROM db..m WHERE time >= '2024-03-01T10:00:30Z' AND time < '2024-03-01T10:05:30Z' fill(previous)",
      "|SELECT count(x) FROM db..m WHERE time >= '2024-03-01T10:00:30Z' AND time < '2024-03-01T10:05:30Z' GROUP BY time(1m, 30s)",
    ]);
  });
});

describe('schedules (batch.go: timeTicker, cronTicker, QueryNode.Queries)', () => {
  const node = (props: string) => compileTickScript(`batch|query('SELECT x FROM m')${props}`).pipeline.nodes[1]!;

  it('lists the runs of a range as Queries does: ticks after start, up to stop, aligned by Round', () => {
    expect(runsBetween(scheduleOf(node('.every(1m).align()')), ns('2024-03-01T10:00:20Z'), ns('2024-03-01T10:03:00Z'), ns('2030-01-01T00:00:00Z')).map(iso)).toEqual([
      '2024-03-01T10:01:00Z', '2024-03-01T10:02:00Z', '2024-03-01T10:03:00Z',
    ]);
    expect(runsBetween(scheduleOf(node('.every(1m).align()')), ns('2024-03-01T10:00:40Z'), ns('2024-03-01T10:02:00Z'), ns('2030-01-01T00:00:00Z')).map(iso)).toEqual([
      '2024-03-01T10:02:00Z',
    ]);
    expect(runsBetween(scheduleOf(node('.every(1m)')), ns('2024-03-01T10:00:20Z'), ns('2024-03-01T10:03:00Z'), ns('2024-03-01T10:02:00Z')).map(iso)).toEqual([
      '2024-03-01T10:01:20Z',
    ]);
    expect(runsBetween(scheduleOf(node(".cron('*/2 * * * *')")), ns('2024-03-01T10:00:00Z'), ns('2024-03-01T10:05:00Z'), ns('2030-01-01T00:00:00Z')).map(iso)).toEqual([
      '2024-03-01T10:02:00Z', '2024-03-01T10:04:00Z',
    ]);
  });

  it('starts an aligned schedule at the next multiple of every, a plain one every after the start', () => {
    expect(iso(scheduleOf(node('.every(1m).align()')).first(ns('2024-03-01T10:00:20Z'))!)).toBe('2024-03-01T10:01:00Z');
    expect(iso(scheduleOf(node('.every(1m)')).first(ns('2024-03-01T10:00:20Z'))!)).toBe('2024-03-01T10:01:20Z');
  });
});

describe('BatchTaskRunner', () => {
  const answer = (query: string): InfluxSeries[] => [
    { name: 'cpu', tags: { host: 'a' }, columns: ['time', 'usage', 'note'], values: [['2024-03-01T10:00:10Z', query.includes("10:00:00Z'") ? 95 : 10, null], ['2024-03-01T10:00:20Z', null, null]] },
  ];

  it('turns each series into a batch: numbers as floats, empty rows skipped, batch time = stop without time grouping', async () => {
    const events: AlertEvent[] = [];
    const { runner } = runnerFor(`batch|query('SELECT usage, note FROM db..cpu').period(1m).every(1m).align().groupBy('host')|alert().crit(lambda: "usage" > 90.0).all().topic('cpu')`, new FakeInfluxDB(answer), events);
    runner.start(ns('2024-03-01T10:00:30Z'));
    const runs = runner.due(ns('2024-03-01T10:02:00Z'));
    expect(runs.map((run) => `${run.id} ${iso(run.range.start)}..${iso(run.range.stop)}`)).toEqual([
      't/query1@1709287260000000000 2024-03-01T10:00:00Z..2024-03-01T10:01:00Z',
      't/query1@1709287320000000000 2024-03-01T10:01:00Z..2024-03-01T10:02:00Z',
    ]);
    for (const run of runs) await runner.run(run);
    expect(events.map((event) => `${event.level} ${iso(event.time)} ${JSON.stringify(event.series[0]?.values.map((row) => row.slice(1)))}`)).toEqual([
      'CRITICAL 2024-03-01T10:01:00Z [[95]]',
      'OK 2024-03-01T10:02:00Z [[10]]',
    ]);
    expect(typeof events[0]?.series[0]?.values[0]?.[1]).toBe('number');
  });

  it('restored from a checkpoint taken before a run, makes that run again with the same id; after it, never', async () => {
    const { runner } = runnerFor(`batch|query('SELECT usage FROM db..cpu').period(1m).every(1m).align()`, new FakeInfluxDB());
    runner.start(ns('2024-03-01T10:00:30Z'));
    const before = JSON.parse(JSON.stringify(runner.snapshot())) as unknown;
    const [first] = runner.due(ns('2024-03-01T10:01:00Z'));
    await runner.run(first!);
    const after = JSON.parse(JSON.stringify(runner.snapshot())) as unknown;

    const { runner: crashedBefore } = runnerFor(`batch|query('SELECT usage FROM db..cpu').period(1m).every(1m).align()`, new FakeInfluxDB());
    crashedBefore.restore(before);
    expect(crashedBefore.due(ns('2024-03-01T10:02:00Z')).map((run) => run.id)).toEqual([first!.id, 't/query1@1709287320000000000']);
    const { runner: crashedAfter } = runnerFor(`batch|query('SELECT usage FROM db..cpu').period(1m).every(1m).align()`, new FakeInfluxDB());
    crashedAfter.restore(after);
    crashedAfter.start(ns('2024-03-01T10:05:00Z'));
    expect(crashedAfter.due(ns('2024-03-01T10:02:00Z')).map((run) => run.id)).toEqual(['t/query1@1709287320000000000']);
  });
});
