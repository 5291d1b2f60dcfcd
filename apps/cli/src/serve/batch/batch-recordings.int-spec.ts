import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchSourcesOf } from '@vigil/evaluation';
import { accessFromSettings } from '@vigil/http-access';
import { createLogger } from '@vigil/observability';
import { HAVE_INFLUXD, INFLUXD, kapacitorCli, waitFor, type RunningInfluxd } from '@vigil/testing';
import { startStandalone, type StandaloneServer } from '../standalone-server';
import { DataFolder } from '@vigil/standalone';
import { withDataFolderAllowlists } from '../../commands/serve-folders';
import { INFLUX_ADMIN, servedLogFile, startCpuInfluxd } from './batch-server.test';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch recordings int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);


interface Run {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly error: string;
  readonly size: number;
}

/**
 * `kapacitor record batch`, `record query`, `replay` of their recordings and `replay-live` in `vigil serve`,
 * against a real InfluxDB 1.x with authentication on. The server's clock stands at 10:05:10, so
 * which runs a recording makes, and the times a replay shifts to, are known. A replay with the
 * recorded times gives the events the live task gives for the same runs (batch-serve.int-spec.ts).
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: batch and query recordings against a real InfluxDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-rec-'));
  const batchAlerts = servedLogFile(dir, 'batch-alerts.log');
  const streamAlerts = servedLogFile(dir, 'stream-alerts.log');
  const clockMs = Date.parse('2024-03-01T10:05:10Z');
  let influxd: RunningInfluxd | undefined;
  let server: StandaloneServer | undefined;

  beforeAll(async () => {
    influxd = await startCpuInfluxd();
    const folder = await DataFolder.open(join(dir, 'data'));
    server = await startStandalone({
      folder,
      host: '127.0.0.1',
      port: 0,
      access: accessFromSettings({ server: 'test', host: '127.0.0.1', credentialsFile: undefined, insecure: false, metricsRequireCredentials: false, howToConfigure: { credentials: '', insecure: '' } }),
      tasks: [],
      handlerConfig: withDataFolderAllowlists({}, join(dir, 'data')),
      logger: createLogger({ service: 'standalone', level: 'error' }),
      tuning: { tickIntervalMs: 20, retryDelayMs: 50 },
      nowMs: () => clockMs,
      batchSources: batchSourcesOf({ influxdbUrl: influxd.url, influxdbUsername: INFLUX_ADMIN.username, influxdbPassword: INFLUX_ADMIN.password }),
    });
    // Disabled: only replays raise their alerts.
    await define('cpu_batch', 'batch', `dbrp "telegraf"."autogen"\n\nbatch\n  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')\n    .period(1m)\n    .every(1m)\n    .align()\n    .groupBy('host')\n  |alert()\n    .crit(lambda: "usage" > 90.0)\n    .log('${batchAlerts}')\n`);
    await define('cpu_stream', 'stream', `dbrp "telegraf"."autogen"\n\nstream\n  |from().measurement('cpu').groupBy('host')\n  |alert()\n    .crit(lambda: "usage" > 90.0)\n    .log('${streamAlerts}')\n`);
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    influxd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function define(id: string, type: string, script: string): Promise<void> {
    const response = await post('tasks', { id, type, script, status: 'disabled' });
    expect(response.status).toBe(200);
  }

  function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${server?.url ?? ''}/kapacitor/v1/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  async function done(kind: 'recordings' | 'replays', id: string): Promise<Run> {
    return waitFor(async () => {
      const run = (await (await fetch(`${server?.url ?? ''}/kapacitor/v1/${kind}/${id}`)).json()) as Run;
      return run.status === 'running' ? undefined : run;
    }, { timeoutMs: 30_000, what: `${kind} ${id} to end` });
  }

  const delivered = (file: string): string[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => {
            const event = JSON.parse(line) as { id: string; level: string; time: string; data: { series: { values: unknown[][] }[] } };
            return `${event.id} ${event.level} ${event.time} ${JSON.stringify(event.data.series[0]?.values)}`;
          })
      : [];

  it('records a batch task\'s runs and replays them, with recorded or shifted times', async () => {
    const created = await post('recordings/batch', { id: 'b1', task: 'cpu_batch', start: '2024-03-01T10:00:00Z', stop: '2024-03-01T10:05:00Z' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'b1', type: 'batch', status: 'running' });
    const recording = await done('recordings', 'b1');
    expect(recording).toMatchObject({ type: 'batch', status: 'finished', error: '' });
    expect(recording.size).toBeGreaterThan(0);

    // The runs of 10:01 to 10:05: the same events as the live task's (a batch's CRITICAL event has its highest point's time).
    expect((await post('replays', { id: 'r1', task: 'cpu_batch', recording: 'b1', 'recording-time': true })).status).toBe(201);
    expect(await done('replays', 'r1')).toMatchObject({ status: 'finished', error: '' });
    await waitFor(() => delivered(batchAlerts).length >= 4, { timeoutMs: 30_000, what: 'the replayed batch events' });
    expect(delivered(batchAlerts)).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]',
      'cpu:host=a CRITICAL 2024-03-01T10:02:30Z [["2024-03-01T10:02:30Z",97]]',
      'cpu:host=a OK 2024-03-01T10:04:00Z [["2024-03-01T10:03:30Z",10]]',
      'cpu:host=a CRITICAL 2024-03-01T10:04:30Z [["2024-03-01T10:04:30Z",99]]',
    ]);

    // Shifted: the first recorded point (10:00:30) is at the replay's start (the server's 10:05:10).
    expect((await post('replays', { id: 'r2', task: 'cpu_batch', recording: 'b1' })).status).toBe(201);
    expect(await done('replays', 'r2')).toMatchObject({ status: 'finished' });
    await waitFor(() => delivered(batchAlerts).length >= 8, { timeoutMs: 30_000, what: 'the shifted batch events' });
    expect(delivered(batchAlerts).slice(4)).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:06:10Z [["2024-03-01T10:06:10Z",95]]',
      'cpu:host=a CRITICAL 2024-03-01T10:07:10Z [["2024-03-01T10:07:10Z",97]]',
      'cpu:host=a OK 2024-03-01T10:08:10Z [["2024-03-01T10:08:10Z",10]]',
      'cpu:host=a CRITICAL 2024-03-01T10:09:10Z [["2024-03-01T10:09:10Z",99]]',
    ]);

    // A batch recording does not feed a stream task.
    const mismatch = await post('replays', { task: 'cpu_stream', recording: 'b1' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ error: 'cannot replay batch recording b1 against stream task cpu_stream' });
    const noStart = await post('recordings/batch', { task: 'cpu_batch' });
    expect(noStart.status).toBe(400);
    expect(await noStart.json()).toMatchObject({ error: 'must provide start time' });
  });

  it('records a query as points for a stream task and as one batch for a batch task', async () => {
    const query = `SELECT "usage" FROM "telegraf"."autogen"."cpu" WHERE time < '2024-03-01T10:03:00Z' GROUP BY *`;
    expect((await post('recordings/query', { id: 'q-stream', query, type: 'stream' })).status).toBe(201);
    expect(await done('recordings', 'q-stream')).toMatchObject({ type: 'stream', status: 'finished' });
    expect((await post('replays', { id: 'r3', task: 'cpu_stream', recording: 'q-stream', 'recording-time': true })).status).toBe(201);
    await waitFor(() => delivered(streamAlerts).length >= 2, { timeoutMs: 30_000, what: 'the replayed stream events' });
    expect(delivered(streamAlerts)).toEqual(['cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]', 'cpu:host=a CRITICAL 2024-03-01T10:02:30Z [["2024-03-01T10:02:30Z",97]]']);

    expect((await post('recordings/query', { id: 'q-batch', query, type: 'batch' })).status).toBe(201);
    expect(await done('recordings', 'q-batch')).toMatchObject({ type: 'batch', status: 'finished' });
    const before = delivered(batchAlerts).length;
    expect((await post('replays', { id: 'r4', task: 'cpu_batch', recording: 'q-batch', 'recording-time': true })).status).toBe(201);
    expect(await done('replays', 'r4')).toMatchObject({ status: 'finished', error: '' });
    await waitFor(() => delivered(batchAlerts).length > before, { timeoutMs: 30_000, what: 'the event of the query batch' });
    expect(delivered(batchAlerts).slice(before)).toEqual(['cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:00:30Z",50],["2024-03-01T10:01:30Z",95],["2024-03-01T10:02:30Z",97]]']);

    // Kapacitor's refusals happen in the recording: it fails with the reason.
    expect((await post('recordings/query', { id: 'q-bare', query: 'SELECT "usage" FROM "cpu"', type: 'batch' })).status).toBe(201);
    expect(await done('recordings', 'q-bare')).toMatchObject({ status: 'failed', error: 'could not determine database and retention policy. Is the query fully qualified?' });
    expect((await post('recordings/query', { id: 'q-missing', query: 'SELECT "usage" FROM "nothere"."autogen"."cpu"', type: 'stream' })).status).toBe(201);
    expect(await done('recordings', 'q-missing')).toMatchObject({ status: 'failed', error: expect.stringMatching(/database not found: nothere/) });
  });

  it('records a batch and a query through the kapacitor CLI, replays the batch, and replays both live', async () => {
    const built = kapacitorCli();
    if ('unavailable' in built) {
      console.warn(`skipping the kapacitor CLI part: tools/kapacitor-cli/build.sh could not build the CLI: ${built.unavailable}`);
      return;
    }
    const binary = built.binary;
    // Asynchronously: the server answering the CLI runs in this process.
    const kapacitor = (args: string[]) => promisify(execFile)(binary, ['-url', server?.url ?? '', ...args], { encoding: 'utf8', timeout: 60_000 });
    // -stop defaults to the wall clock's now; the server leaves out runs after its own now (10:05:10).
    // The first aligned tick after 10:02:20 is 10:03 (Kapacitor rounds start + every to the minute).
    const recorded = await kapacitor(['record', 'batch', '-task', 'cpu_batch', '-start', '2024-03-01T10:02:20Z', '-recording-id', 'cli1']);
    expect({ stdout: recorded.stdout, stderr: recorded.stderr }).toEqual({ stdout: 'cli1\n', stderr: '' });
    expect((await kapacitor(['list', 'recordings', 'cli1'])).stdout).toMatch(/^cli1 +batch +finished /m);
    const before = delivered(batchAlerts).length;
    const replayed = await kapacitor(['replay', '-recording', 'cli1', '-task', 'cpu_batch', '-replay-id', 'cli-r1', '-rec-time']);
    expect(replayed.stdout).toBe('cli-r1\n');
    await waitFor(() => delivered(batchAlerts).length >= before + 2, { timeoutMs: 30_000, what: 'the events of the CLI replay' });
    // Runs 10:03 (97), 10:04 (10: OK) and 10:05 (99).
    expect(delivered(batchAlerts).slice(before)).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:02:30Z [["2024-03-01T10:02:30Z",97]]',
      'cpu:host=a OK 2024-03-01T10:04:00Z [["2024-03-01T10:03:30Z",10]]',
      'cpu:host=a CRITICAL 2024-03-01T10:04:30Z [["2024-03-01T10:04:30Z",99]]',
    ]);
    const query = await kapacitor(['record', 'query', '-query', 'SELECT "usage" FROM "telegraf"."autogen"."cpu" GROUP BY *', '-type', 'stream', '-recording-id', 'cli-q']);
    expect({ stdout: query.stdout, stderr: query.stderr }).toEqual({ stdout: 'cli-q\n', stderr: '' });
    expect((await kapacitor(['list', 'recordings', 'cli-q'])).stdout).toMatch(/^cli-q +stream +finished /m);

    // replay-live: the same runs, or the same query, replayed without a recording.
    const live = delivered(batchAlerts).length;
    const liveBatch = await kapacitor(['replay-live', 'batch', '-task', 'cpu_batch', '-start', '2024-03-01T10:02:20Z', '-rec-time', '-replay-id', 'live-b']);
    expect({ stdout: liveBatch.stdout, stderr: liveBatch.stderr }).toEqual({ stdout: 'live-b\n', stderr: '' });
    await waitFor(() => delivered(batchAlerts).length >= live + 3, { timeoutMs: 30_000, what: 'the events of replay-live batch' });
    expect(delivered(batchAlerts).slice(live)).toEqual(delivered(batchAlerts).slice(before, before + 3));
    const streamBefore = delivered(streamAlerts).length;
    const liveQuery = await kapacitor(['replay-live', 'query', '-task', 'cpu_stream', '-query', `SELECT "usage" FROM "telegraf"."autogen"."cpu" WHERE time < '2024-03-01T10:03:00Z' GROUP BY *`, '-rec-time', '-replay-id', 'live-q']);
    expect({ stdout: liveQuery.stdout, stderr: liveQuery.stderr }).toEqual({ stdout: 'live-q\n', stderr: '' });
    await waitFor(() => delivered(streamAlerts).length >= streamBefore + 2, { timeoutMs: 30_000, what: 'the events of replay-live query' });
    expect(delivered(streamAlerts).slice(streamBefore)).toEqual(['cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]', 'cpu:host=a CRITICAL 2024-03-01T10:02:30Z [["2024-03-01T10:02:30Z",97]]']);
    const refused = await kapacitor(['replay-live', 'batch', '-task', 'cpu_stream', '-start', '2024-03-01T10:02:20Z']).catch((error: { stderr: string }) => error);
    expect(refused.stderr).toBe('cannot replay batch against stream task: cpu_stream\n');
  });
});
