import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_INFLUXD, INFLUXD, startInfluxd, type RunningInfluxd } from '@vigil/testing';
import { main } from '../main';
import type { CommandIo } from './command-io';

if (!HAVE_INFLUXD) console.warn(`skipping the batch replay int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

/**
 * `vigil replay --influxdb` against a real InfluxDB 1.x (Debian's influxd, started by
 * @vigil/testing's startInfluxd on a port below 32768 with a temporary data folder): the
 * scheduled queries' rewritten InfluxQL must be accepted by InfluxDB and its answers must become
 * the batches the alerts come from.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil replay of a batch task against a real InfluxDB', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-batch-replay-'));
  let influxd: RunningInfluxd | undefined;
  let url = '';

  beforeAll(async () => {
    influxd = await startInfluxd();
    url = influxd.url;
    await influxd.statement('CREATE DATABASE telegraf');
    // host a: 50, then 95 (CRITICAL) in the first minute, 97 in the second; host b: 20, then 99 in the second.
    await influxd.write('telegraf', [
      'cpu,host=a usage=50 1709287200000000000',
      'cpu,host=a usage=95 1709287230000000000',
      'cpu,host=b usage=20 1709287210000000000',
      'cpu,host=a usage=97 1709287260000000000',
      'cpu,host=b usage=99 1709287290000000000',
      'cpu,host=a usage=10 1709287330000000000',
    ]);
  }, 30_000);

  afterAll(() => {
    influxd?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

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

  it("queries the named InfluxDB of --influxdb-clusters that .cluster('name') picks", async () => {
    const tick = join(folder, 'cpu_eu.tick');
    writeFileSync(tick, `batch|query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"').period(1m).every(1m).align().groupBy('host').cluster('eu')|alert().crit(lambda: "usage" > 96.0).topic('cpu')\n`);
    const clusters = join(folder, 'clusters.json');
    writeFileSync(clusters, JSON.stringify({ influxdb: [{ name: 'eu', url }] }));
    let stdout = '';
    let stderr = '';
    const io: CommandIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
    const range = ['--start', '2024-03-01T10:00:00Z', '--stop', '2024-03-01T10:03:00Z'];
    expect(await main(['replay', '--tick', tick, '--influxdb-clusters', clusters, ...range], io)).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n').map((line) => { const event = JSON.parse(line) as { id: string; level: string }; return `${event.id} ${event.level}`; })).toEqual([
      'cpu:host=a CRITICAL',
      'cpu:host=b CRITICAL',
      'cpu:host=a OK',
    ]);
    // Without the cluster configured, every run fails with a line naming what is configured.
    stderr = '';
    expect(await main(['replay', '--tick', tick, '--influxdb', url, ...range], io)).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(new Array(3).fill('query1: error executing query: no InfluxDB named "eu" is configured (configured: default)'));
  });
});
