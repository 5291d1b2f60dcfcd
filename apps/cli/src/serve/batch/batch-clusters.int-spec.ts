import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchSourcesOf, readInfluxDBClustersFile } from '@vigil/evaluation';
import { HAVE_INFLUXD, INFLUXD, startInfluxd, waitFor, type RunningInfluxd } from '@vigil/testing';
import type { StandaloneServer } from '../standalone-server';
import { defineBatchTask, loggedEvents, servedLogFile, startBatchServer } from './batch-server.test';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve .cluster() int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

const EU_ADMIN = { username: 'eu-admin', password: 'Eu-s3cret-Pa55' };

/**
 * `.cluster('name')` in `vigil serve`: two real InfluxDB 1.x servers, the default one given by URL
 * and one named `eu` (with authentication) in a clusters file whose password is in a file of its
 * own. One task joins a query of each; its event carries both answers, so a query sent to the
 * wrong server shows. A query naming an unconfigured cluster fails its runs with a log line.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: .cluster() picks one of several InfluxDBs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-clusters-'));
  const alerts = servedLogFile(dir, 'alerts.log');
  const logs: string[] = [];
  let local: RunningInfluxd | undefined;
  let eu: RunningInfluxd | undefined;
  let server: StandaloneServer | undefined;
  let clockMs = Date.parse('2024-03-01T10:00:10Z');

  beforeAll(async () => {
    [local, eu] = await Promise.all([startInfluxd(), startInfluxd({ auth: true })]);
    await local.statement('CREATE DATABASE telegraf');
    await local.write('telegraf', ['cpu,host=a usage=95 1709287230000000000']);
    await eu.statement(`CREATE USER "${EU_ADMIN.username}" WITH PASSWORD '${EU_ADMIN.password}' WITH ALL PRIVILEGES`);
    await eu.statement('CREATE DATABASE telegraf', EU_ADMIN);
    await eu.write('telegraf', ['cpu,host=b usage=60 1709287230000000000'], EU_ADMIN);
    await eu.statement('CREATE DATABASE euonly', EU_ADMIN);
    await eu.write('euonly', ['cpu,host=c usage=1 1709287230000000000'], EU_ADMIN);
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    local?.stop();
    eu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each query to the InfluxDB its .cluster() names, the default one without', async () => {
    // max() is a selector: InfluxDB answers the time of the highest point (10:00:30 on both servers).
    writeFileSync(join(dir, 'eu.password'), `${EU_ADMIN.password}\n`);
    writeFileSync(join(dir, 'clusters.json'), JSON.stringify({ influxdb: [{ name: 'eu', url: eu?.url, username: EU_ADMIN.username, passwordFile: 'eu.password' }] }));
    const sources = batchSourcesOf({ influxdbUrl: local?.url ?? '', influxdbClusters: readInfluxDBClustersFile(join(dir, 'clusters.json')) });
    server = await startBatchServer({ dir, sources, nowMs: () => clockMs, logs });
    const query = (cluster: string): string =>
      `batch|query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"').period(1m).every(1m).align()${cluster === '' ? '' : `.cluster('${cluster}')`}`;
    const running = server;
    const define = (id: string, script: string): Promise<number> => defineBatchTask(running, id, `dbrp "telegraf"."autogen"\n${script}`);
    expect(await define('both', `var local = ${query('')}\nvar eu = ${query('eu')}\nlocal|join(eu).as('local', 'eu')|alert().crit(lambda: "local.usage" > "eu.usage").log('${alerts}')`)).toBe(200);
    expect(await define('asia', `${query('asia')}|alert().crit(lambda: TRUE).log('${alerts}')`)).toBe(200);

    clockMs = Date.parse('2024-03-01T10:01:05Z');
    await waitFor(() => loggedEvents(alerts).length > 0, { timeoutMs: 30_000, what: 'the joined event' });
    await waitFor(() => logs.join('').includes('no InfluxDB named'), { timeoutMs: 30_000, what: "the failed run of .cluster('asia')" });
    expect(loggedEvents(alerts).map((event) => [event.id, event.level, event.data.series[0]?.columns, event.data.series[0]?.values])).toEqual([
      ['cpu:nil', 'CRITICAL', ['time', 'eu.usage', 'local.usage'], [['2024-03-01T10:00:30Z', 60, 95]]],
    ]);
    const failed = logs.join('').split('\n').filter((line) => line.includes('no InfluxDB named'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toContain('no InfluxDB named \\"asia\\" is configured (configured: default, eu)');
    expect(logs.join('')).not.toContain(EU_ADMIN.password);

    // kapacitor config influxdb: one element per name, the password only said to be set.
    const config = (await (await fetch(`${server.url}/kapacitor/v1/config/influxdb`)).json()) as { elements: { options: unknown; redacted: string[] }[] };
    expect(config.elements.map((element) => [element.options, element.redacted])).toEqual([
      [{ name: 'default', enabled: true, default: true, urls: [`${local?.url ?? ''}/`], username: '', password: false }, ['password']],
      [{ name: 'eu', enabled: true, default: false, urls: [`${eu?.url ?? ''}/`], username: EU_ADMIN.username, password: true }, ['password']],
    ]);
    expect(JSON.stringify(config)).not.toContain(EU_ADMIN.password);

    // kapacitor record query -cluster eu: a database only eu has is found there, not on the default one.
    const record = async (id: string, cluster?: string): Promise<{ status: string; error: string }> => {
      const body = { id, query: 'SELECT "usage" FROM "euonly"."autogen"."cpu"', type: 'batch', ...(cluster === undefined ? {} : { cluster }) };
      const posted = await fetch(`${server?.url ?? ''}/kapacitor/v1/recordings/query`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(posted.status).toBe(201);
      let recording = { status: 'running', error: '' };
      await waitFor(
        async () => {
          recording = (await (await fetch(`${server?.url ?? ''}/kapacitor/v1/recordings/${id}`)).json()) as { status: string; error: string };
          return recording.status !== 'running';
        },
        { timeoutMs: 30_000, what: `recording ${id}` },
      );
      return recording;
    };
    expect(await record('from-eu', 'eu')).toMatchObject({ status: 'finished', error: '' });
    expect(await record('from-default')).toMatchObject({ status: 'failed', error: expect.stringMatching(/database not found: euonly/) });
  });
});
