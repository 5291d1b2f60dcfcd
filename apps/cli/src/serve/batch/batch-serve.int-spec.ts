import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { batchSourcesOf } from '@vigil/evaluation';
import { accessFromSettings } from '@vigil/http-access';
import { createLogger } from '@vigil/observability';
import { HAVE_INFLUXD, INFLUXD, kapacitorCli, waitFor, type RunningInfluxd } from '@vigil/testing';
import { startStandalone, type StandaloneServer } from '../standalone-server';
import { DataFolder } from '@vigil/standalone';
import { withDataFolderAllowlists } from '../../commands/serve-folders';
import { INFLUX_ADMIN, servedLogFile, startCpuInfluxd } from './batch-server.test';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch task int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);


/**
 * Batch tasks in `vigil serve`, against a real InfluxDB 1.x with authentication on: a task
 * defined over Kapacitor's task API (`type: batch`, as `kapacitor define -type batch` sends it)
 * runs on schedule, its events go to the event log and its `.log()` handler, and a restart
 * catches up the runs missed while the server was down, none made twice. The server's clock is
 * a variable the test moves: runs happen when it says, whatever the wall clock.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: batch tasks against a real InfluxDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-'));
  const alerts = servedLogFile(dir, 'alerts.log');
  const logs: string[] = [];
  let influxd: RunningInfluxd | undefined;
  let server: StandaloneServer | undefined;
  let clockMs = Date.parse('2024-03-01T10:00:10Z');

  beforeAll(async () => {
    influxd = await startCpuInfluxd();
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    influxd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(data = 'data'): Promise<StandaloneServer> {
    const folder = await DataFolder.open(join(dir, data));
    const handlerConfig = withDataFolderAllowlists({}, join(dir, data));
    const tasks = await (await folder.openTasks()).list();
    const sources = batchSourcesOf({ influxdbUrl: influxd?.url ?? '', influxdbUsername: INFLUX_ADMIN.username, influxdbPassword: INFLUX_ADMIN.password });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    return startStandalone({
      folder,
      host: '127.0.0.1',
      port: 0,
      access: accessFromSettings({ server: 'test', host: '127.0.0.1', credentialsFile: undefined, insecure: false, metricsRequireCredentials: false, howToConfigure: { credentials: '', insecure: '' } }),
      tasks,
      handlerConfig,
      logger: createLogger({ service: 'standalone', level: 'debug', destination }),
      tuning: { tickIntervalMs: 20, retryDelayMs: 50 },
      nowMs: () => clockMs,
      batchSources: sources,
    });
  }

  const delivered = (file = alerts): string[] =>
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

  it('runs a task defined over the API on schedule, and a restart catches up the missed runs once', async () => {
    server = await serve();
    const script = `dbrp "telegraf"."autogen"

batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
    .groupBy('host')
  |alert()
    .crit(lambda: "usage" > 90.0)
    .log('${alerts}')
`;
    const defined = await fetch(`${server.url}/kapacitor/v1/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'cpu_batch', type: 'batch', script, status: 'enabled' }),
    });
    expect(defined.status).toBe(200);
    expect(await defined.json()).toMatchObject({ id: 'cpu_batch', type: 'batch', status: 'enabled' });

    // 10:00:10 -> 10:02:30: the runs of 10:01 (50, nothing) and 10:02 (95, CRITICAL). A CRITICAL
    // event has the time of the batch's highest point, an OK one the batch time (the run's stop).
    clockMs = Date.parse('2024-03-01T10:02:30Z');
    await waitFor(() => delivered().length >= 1, { timeoutMs: 30_000, what: 'the 10:02 event' });
    expect(delivered()).toEqual(['cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]']);
    await server.close();
    server = undefined;

    // Down from 10:02:30 to 10:05:10: the runs of 10:03, 10:04 and 10:05 are made at the restart, in order.
    clockMs = Date.parse('2024-03-01T10:05:10Z');
    server = await serve();
    await waitFor(() => delivered().length >= 4, { timeoutMs: 30_000, what: 'the caught-up events' });
    expect(delivered()).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]',
      'cpu:host=a CRITICAL 2024-03-01T10:02:30Z [["2024-03-01T10:02:30Z",97]]',
      'cpu:host=a OK 2024-03-01T10:04:00Z [["2024-03-01T10:03:30Z",10]]',
      'cpu:host=a CRITICAL 2024-03-01T10:04:30Z [["2024-03-01T10:04:30Z",99]]',
    ]);
    const runs = logs.join('').split('\n').filter((line) => line.includes('"batch run made"'));
    expect(runs.map((line) => (JSON.parse(line) as { run: string }).run)).toEqual(
      ['10:01', '10:02', '10:03', '10:04', '10:05'].map((minute) => `cpu_batch/query1@${BigInt(Date.parse(`2024-03-01T${minute}:00Z`)) * 1_000_000n}`),
    );
    expect(logs.join('')).not.toContain(INFLUX_ADMIN.password);
    // Since the restart: the runs of 10:03, 10:04 and 10:05, none failed, one point each.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('vigil_evaluation_batch_runs_total{task="cpu_batch",service="standalone"} 3');
    expect(metrics).not.toContain('vigil_evaluation_batch_run_failures_total{task="cpu_batch"');
    expect(metrics).toContain('vigil_evaluation_batch_run_points_sum{service="standalone",task="cpu_batch"} 3');
    expect(metrics).toContain('vigil_evaluation_batch_run_points_count{service="standalone",task="cpu_batch"} 3');
  });

  it('takes a batch task from `kapacitor define -type batch` and shows it as one', async () => {
    const built = kapacitorCli();
    if ('unavailable' in built) {
      console.warn(`skipping the kapacitor CLI part: tools/kapacitor-cli/build.sh could not build the CLI: ${built.unavailable}`);
      return;
    }
    const binary = built.binary;
    clockMs = Date.parse('2024-03-01T10:00:10Z');
    const cliAlerts = servedLogFile(dir, 'cli-alerts.log', 'cli-data');
    const tick = join(dir, 'cpu_cli.tick');
    writeFileSync(
      tick,
      `batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
  |alert()
    .crit(lambda: "usage" > 90.0)
    .log('${cliAlerts}')
`,
    );
    const cli = await serve('cli-data');
    try {
      // Asynchronously: the server answering the CLI runs in this process.
      const kapacitor = (args: string[]) => promisify(execFile)(binary, ['-url', cli.url, ...args], { encoding: 'utf8', timeout: 60_000 });
      const defined = await kapacitor(['define', 'cpu_cli', '-type', 'batch', '-tick', tick, '-dbrp', 'telegraf.autogen']);
      expect(defined.stderr + defined.stdout).toBe('');
      await kapacitor(['enable', 'cpu_cli']);
      expect((await kapacitor(['show', 'cpu_cli'])).stdout).toMatch(/^Type: batch$/m);
      clockMs = Date.parse('2024-03-01T10:02:05Z');
      await waitFor(() => delivered(cliAlerts).length >= 1, { timeoutMs: 30_000, what: 'the 10:02 event of the CLI task' });
      expect(delivered(cliAlerts)).toEqual(['cpu:nil CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",95]]']);
      // kapacitor show's node statistics count the batch task's runs as a stream task's points.
      const shown = (await (await fetch(`${cli.url}/kapacitor/v1/tasks/cpu_cli`)).json()) as { stats: { 'node-stats': Record<string, Record<string, number>> } };
      expect(shown.stats['node-stats']['alert2']).toMatchObject({ crits_triggered: 1, alerts_triggered: 1 });
    } finally {
      await cli.close();
    }
  });
});
