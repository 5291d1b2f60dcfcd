import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { HAVE_INFLUXD, INFLUXD, kafkaBrokers, startInfluxd, uniqueName, waitFor, type RunningInfluxd } from '@vigil/testing';
import { kapacitorCliOrWarn, okLines } from '../standalone/support/kapacitor-cli';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { buildDistributedApps, kapacitorCliDeployment } from './support/kapacitor-cli-deployment';

const cli = kapacitorCliOrWarn();
const skipped = 'unavailable' in cli ? cli.unavailable : HAVE_INFLUXD ? undefined : `${INFLUXD} is missing (Debian's influxdb package provides it)`;

interface ApiRun {
  readonly id: string;
  readonly type?: string;
  readonly status: string;
  readonly error: string;
  readonly size?: number;
  readonly progress: number;
}

interface Alert {
  readonly id: string;
  readonly level: string;
  readonly time: string;
}

/**
 * `record batch`, `record query`, their replays and `replay-live batch|query` through the real
 * `kapacitor` 1.5.9 CLI against the distributed mode, whose evaluator has a real influxd as its
 * INFLUXDB_URL: the evaluator runs the queries, keeps a recording's data in the recording data
 * topic, replays it through the (disabled) task, and the notifier delivers the alerts to the
 * task's `.post()`, as Kapacitor's replay sends them to its handlers. A replay of a recording and
 * the live replay of the same queries raise the same alerts.
 */
describe.skipIf(skipped !== undefined)(`the kapacitor 1.5.9 CLI: record batch/query and replay-live in the distributed mode${skipped === undefined ? '' : ` (skipped: ${skipped})`}`, () => {
  let influxd: RunningInfluxd | undefined;
  let cluster: EvaluatorCluster | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-query-recordings-'));
  const deployment = kapacitorCliDeployment<Alert>(dir);
  beforeAll(buildDistributedApps, 600_000);
  afterAll(async () => {
    await deployment.close();
    influxd?.stop();
  });

  it('records a batch task and a query from InfluxDB, replays them to the task handlers, and replays live', async () => {
    const binary = (cli as { binary: string }).binary;
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE telegraf');
    // Four minutes of cpu ten minutes ago, one point a minute in the middle of it: 50, 95, 60, 97.
    const t0 = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
    await influxd.write('telegraf', [50, 95, 60, 97].map((usage, minute) => `cpu,host=a usage=${usage} ${BigInt(t0 + minute * 60_000 + 30_000) * 1_000_000n}`));
    cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 1, evaluatorEnv: { INFLUXDB_URL: influxd.url } });
    const { broker, kapacitor, api, alerts } = await deployment.start(cluster, binary);
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    let seen = 0;
    /** The next `count` alerts delivered, as [level, time]. */
    const nextAlerts = async (count: number, what: string): Promise<[string, string][]> => {
      await waitFor(() => alerts().length >= seen + count, { timeoutMs: 60_000, what });
      const next = alerts().slice(seen, seen + count);
      seen += count;
      return next.map((alert) => [alert.level, alert.time]);
    };

    const post = `        .post('${broker.url()}')`;
    const batchScript = ['dbrp "telegraf"."autogen"', '', 'batch', `    |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')`, '        .period(1m)', '        .every(1m)', '        .align()', '    |alert()', '        .crit(lambda: "usage" > 90)', post, ''].join('\n');
    const streamScript = ['dbrp "telegraf"."autogen"', '', 'stream', "    |from().measurement('cpu')", '    |alert()', '        .crit(lambda: "usage" > 90)', post, ''].join('\n');
    // Disabled: only replays raise their alerts.
    expect(okLines(kapacitor('define', 'cpu_batch', '-tick', file('cpu_batch.tick', batchScript)))).toEqual(['']);
    expect(okLines(kapacitor('define', 'cpu', '-tick', file('cpu.tick', streamScript)))).toEqual(['']);
    await cluster.waitUntilTasksApplied();
    // A batch's alert is at its point's time, its recovery (no point over the line) at the batch's
    // time, the end of the run's range; a stream's at each point's time.
    const batchExpected: [string, string][] = [
      ['CRITICAL', iso(t0 + 90_000)],
      ['OK', iso(t0 + 180_000)],
      ['CRITICAL', iso(t0 + 210_000)],
    ];
    const streamExpected: [string, string][] = [
      ['CRITICAL', iso(t0 + 90_000)],
      ['OK', iso(t0 + 150_000)],
      ['CRITICAL', iso(t0 + 210_000)],
    ];

    // record batch: the task's four runs in [t0, t0 + 4m], kept in the recording data topic.
    expect(okLines(kapacitor('record', 'batch', '-task', 'cpu_batch', '-start', iso(t0), '-stop', iso(t0 + 4 * 60_000), '-recording-id', 'b1'))).toEqual(['b1', '']);
    const b1 = await api<ApiRun>('recordings/b1');
    expect([b1.type, b1.status, b1.error, b1.progress, (b1.size ?? 0) > 0]).toEqual(['batch', 'finished', '', 1, true]);
    expect(okLines(kapacitor('replay', '-recording', 'b1', '-task', 'cpu_batch', '-replay-id', 'rb1', '-rec-time'))).toEqual(['rb1', '']);
    expect(await nextAlerts(3, "the batch recording's replay alerts")).toEqual(batchExpected);
    // A batch recording against a stream task fails, as Kapacitor's replay does.
    const mismatch = kapacitor('replay', '-recording', 'b1', '-task', 'cpu', '-replay-id', 'rb2');
    expect([mismatch.code === 0, mismatch.stdout, mismatch.stderr]).toEqual([false, 'rb2\n', 'cannot replay batch recording b1 against stream task cpu\n']);

    // record query -type stream: the points of the query's dbrp, replayed through the stream task.
    const query = `SELECT usage FROM "telegraf"."autogen"."cpu" WHERE time >= '${iso(t0)}' AND time < '${iso(t0 + 4 * 60_000)}'`;
    expect(okLines(kapacitor('record', 'query', '-query', query, '-type', 'stream', '-recording-id', 'q1'))).toEqual(['q1', '']);
    expect(okLines(kapacitor('replay', '-recording', 'q1', '-task', 'cpu', '-replay-id', 'rq1', '-rec-time'))).toEqual(['rq1', '']);
    expect(await nextAlerts(3, "the query recording's replay alerts")).toEqual(streamExpected);
    // What Kapacitor refuses or fails: no start, a query not fully qualified, a stream task for record batch.
    expect(kapacitor('record', 'batch', '-task', 'cpu', '-start', iso(t0), '-recording-id', 'b2')).toEqual({ code: 3, stdout: '', stderr: 'task cpu is a stream task: record batch needs a batch task\n' });
    const unqualified = kapacitor('record', 'query', '-query', 'SELECT usage FROM cpu', '-type', 'stream', '-recording-id', 'q2');
    expect([unqualified.code === 0, unqualified.stdout, unqualified.stderr]).toEqual([false, 'q2\n', 'could not determine database and retention policy. Is the query fully qualified?\n']);

    // replay-live: the same queries fed to the tasks as they are made, kept nowhere.
    expect(okLines(kapacitor('replay-live', 'batch', '-task', 'cpu_batch', '-start', iso(t0), '-stop', iso(t0 + 4 * 60_000), '-replay-id', 'lb1', '-rec-time'))).toEqual(['lb1', '']);
    expect(await nextAlerts(3, "replay-live batch's alerts")).toEqual(batchExpected);
    expect(okLines(kapacitor('replay-live', 'query', '-task', 'cpu', '-query', query, '-replay-id', 'lq1', '-rec-time'))).toEqual(['lq1', '']);
    expect(await nextAlerts(3, "replay-live query's alerts")).toEqual(streamExpected);
    expect(kapacitor('replay-live', 'batch', '-task', 'cpu', '-start', iso(t0), '-replay-id', 'lb2')).toEqual({ code: 3, stdout: '', stderr: 'cannot replay batch against stream task: cpu\n' });

    const replays = (await api<{ replays: readonly (ApiRun & { recording: string })[] }>('replays')).replays;
    expect(replays.map(({ id, recording, status }) => [id, recording, status])).toEqual([
      ['lb1', '', 'finished'],
      ['lq1', '', 'finished'],
      ['rb1', 'b1', 'finished'],
      ['rb2', 'b1', 'failed'],
      ['rq1', 'q1', 'finished'],
    ]);
    const recordings = (await api<{ recordings: readonly ApiRun[] }>('recordings')).recordings;
    expect(recordings.map(({ id, type, status }) => [id, type, status])).toEqual([
      ['b1', 'batch', 'finished'],
      ['q1', 'stream', 'finished'],
      ['q2', 'stream', 'failed'],
    ]);

    // Deleting a recording deletes its chunks too (tombstones in the recording data topic).
    expect(okLines(kapacitor('delete', 'recordings', 'b1'))).toEqual(['']);
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('query-recordings-reader'), logger: createLogger({ service: 'query-recordings-int-spec', level: 'warn' }) });
    const data = await readTopicSnapshot(kafka, cluster.recordingDataTopic, { groupId: uniqueName(`${cluster.id}.data-reader`), logger: createLogger({ service: 'query-recordings-int-spec', level: 'warn' }) });
    const latest = new Map(data.map((record) => [record.key?.toString() ?? '', record.value]));
    expect([...latest].map(([key, value]) => [key, value === null])).toEqual([
      ['b1/0', true],
      ['q1/0', false],
    ]);
    expect(alerts()).toHaveLength(12);
  }, 300_000);
});
