import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { batchSourcesOf } from '@vigil/evaluation';
import { HAVE_INFLUXD, INFLUXD, kapacitorCli, startInfluxd, waitFor, type RunningInfluxd } from '@vigil/testing';
import type { StandaloneServer } from '../standalone-server';
import { loggedEvents, servedLogFile, startBatchServer } from './batch-server.test';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch template int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

const TEMPLATE = `var query string
var period = 1m
var crit float

batch
    |query(query)
        .period(period)
        .every(1m)
        .align()
        .groupBy('host')
    |alert()
        .crit(lambda: "usage" > crit)
        .log('ALERTS')
`;

/**
 * Batch templates through the real kapacitor 1.5.9 CLI against `vigil serve` and a real InfluxDB:
 * `define-template -type batch` with the query, the period and the threshold as vars, a task from
 * it with vars (`define -template -vars`), which runs on the server's clock (moved by the test).
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: a batch template and its task against a real InfluxDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-template-'));
  const alerts = servedLogFile(dir, 'alerts.log');
  let influxd: RunningInfluxd | undefined;
  let server: StandaloneServer | undefined;
  let clockMs = Date.parse('2024-03-01T10:00:10Z');

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE telegraf');
    // 10:00-10:01: a at 70, b at 50; 10:01-10:02: a at 85, b at 20.
    await influxd.write('telegraf', [
      'cpu,host=a usage=70 1709287230000000000',
      'cpu,host=b usage=50 1709287230000000000',
      'cpu,host=a usage=85 1709287290000000000',
      'cpu,host=b usage=20 1709287290000000000',
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    influxd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const delivered = (): string[] => loggedEvents(alerts).map((event) => `${event.id} ${event.level} ${event.time} ${JSON.stringify(event.data.series[0]?.values)}`);

  it('defines the template and a task from it with vars; the task runs on schedule as a batch task', async () => {
    const built = kapacitorCli();
    if ('unavailable' in built) {
      console.warn(`skipping: tools/kapacitor-cli/build.sh could not build the kapacitor CLI: ${built.unavailable}`);
      return;
    }
    server = await startBatchServer({ dir, sources: batchSourcesOf({ influxdbUrl: influxd?.url ?? '' }), nowMs: () => clockMs });
    const url = server.url;
    const kapacitor = async (...args: string[]): Promise<string> => {
      const { stdout, stderr } = await promisify(execFile)(built.binary, ['-url', url, ...args], { encoding: 'utf8', timeout: 60_000 });
      return stderr + stdout;
    };
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };

    expect(await kapacitor('define-template', 'cpu_batch_t', '-type', 'batch', '-tick', file('cpu_batch_t.tick', TEMPLATE.replace('ALERTS', alerts)))).toBe('');
    expect((await kapacitor('show-template', 'cpu_batch_t')).split('\n').slice(0, 3)).toEqual(['ID: cpu_batch_t', 'Error: ', 'Type: batch']);
    const vars = {
      query: { type: 'string', value: 'SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"' },
      crit: { type: 'float', value: 80 },
    };
    expect(await kapacitor('define', 'cpu_batch', '-template', 'cpu_batch_t', '-vars', file('vars.json', JSON.stringify(vars)), '-dbrp', 'telegraf.autogen')).toBe('');
    expect(await kapacitor('enable', 'cpu_batch')).toBe('');
    expect((await kapacitor('show', 'cpu_batch')).split('\n').slice(2, 5)).toEqual(['Template: cpu_batch_t', 'Type: batch', 'Status: enabled']);

    // The runs of 10:01 (a at 70: nothing) and 10:02 (a at 85 > the task's crit 80).
    clockMs = Date.parse('2024-03-01T10:02:05Z');
    await waitFor(() => delivered().length >= 1, { timeoutMs: 30_000, what: 'the 10:02 event of the template task' });
    expect(delivered()).toEqual(['cpu:host=a CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",85]]']);
  }, 600_000);
});
