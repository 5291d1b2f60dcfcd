import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import type { CommandIo } from './command-io';

const INFLUXD = '/usr/bin/influxd';
const HAVE_INFLUXD = existsSync(INFLUXD);
if (!HAVE_INFLUXD) console.warn(`skipping the batch replay int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

/**
 * `vigil replay --influxdb` against a real InfluxDB 1.x (Debian's influxd, started here on a port
 * below 32768 with a temporary data folder): the scheduled queries' rewritten InfluxQL must be
 * accepted by InfluxDB and its answers must become the batches the alerts come from.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil replay of a batch task against a real InfluxDB', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-influxd-'));
  const httpPort = 20_000 + Math.floor(Math.random() * 10_000);
  const url = `http://127.0.0.1:${httpPort}`;
  let influxd: ChildProcess | undefined;

  beforeAll(async () => {
    writeFileSync(
      join(folder, 'influxdb.conf'),
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${httpPort + 1}"`,
        `[meta]\n  dir = "${folder}/meta"`,
        `[data]\n  dir = "${folder}/data"\n  wal-dir = "${folder}/wal"\n  query-log-enabled = false`,
        `[http]\n  bind-address = "127.0.0.1:${httpPort}"\n  log-enabled = false`,
      ].join('\n'),
    );
    influxd = spawn(INFLUXD, ['-config', join(folder, 'influxdb.conf')], { stdio: 'ignore' });
    for (let attempt = 0; ; attempt++) {
      const ok = await fetch(`${url}/ping`).then((response) => response.status === 204, () => false);
      if (ok) break;
      if (attempt > 150) throw new Error(`influxd did not answer on ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await influx('/query', new URLSearchParams({ q: 'CREATE DATABASE telegraf' }).toString());
    // host a: 50, then 95 (CRITICAL) in the first minute, 97 in the second; host b: 20, then 99 in the second.
    await influx(
      '/write?db=telegraf',
      [
        'cpu,host=a usage=50 1709287200000000000',
        'cpu,host=a usage=95 1709287230000000000',
        'cpu,host=b usage=20 1709287210000000000',
        'cpu,host=a usage=97 1709287260000000000',
        'cpu,host=b usage=99 1709287290000000000',
        'cpu,host=a usage=10 1709287330000000000',
      ].join('\n'),
    );
  }, 30_000);

  afterAll(() => {
    influxd?.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  async function influx(path: string, body: string): Promise<void> {
    const response = await fetch(`${url}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    if (response.status >= 300) throw new Error(`influxd ${path}: ${response.status} ${await response.text()}`);
  }

  it('runs every aligned minute of the range and alerts per host from the answers', async () => {
    const tick = join(folder, 'cpu.tick');
    writeFileSync(
      tick,
      `batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
    .groupBy('host')
  |alert()
    .crit(lambda: "usage" > 90.0)
    .topic('cpu')
`,
    );
    let stdout = '';
    let stderr = '';
    const io: CommandIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
    const code = await main(['replay', '--tick', tick, '--influxdb', url, '--start', '2024-03-01T10:00:00Z', '--stop', '2024-03-01T10:03:00Z'], io);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; level: string; time: string; previousLevel: string; data: { series: { values: unknown[][] }[] } });
    expect(events.map((event) => `${event.id} ${event.level} ${event.time} ${JSON.stringify(event.data.series[0]?.values)}`)).toEqual([
      'cpu:host=a CRITICAL 2024-03-01T10:00:30Z [["2024-03-01T10:00:30Z",95]]',
      'cpu:host=a CRITICAL 2024-03-01T10:01:00Z [["2024-03-01T10:01:00Z",97]]',
      'cpu:host=b CRITICAL 2024-03-01T10:01:30Z [["2024-03-01T10:01:30Z",99]]',
      'cpu:host=a OK 2024-03-01T10:03:00Z [["2024-03-01T10:02:10Z",10]]',
    ]);
  });
});
