import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, freePort, startProcess, waitFor, type RunningProcess } from '@vigil/testing';
import { post, readTopic, startIngest, type IngestUnderTest } from './ingest-harness';

/**
 * Issue 4, test 6: real writers. InfluxDB 1.6 (Debian's `influxdb`) forwards writes through a
 * subscription, and Prometheus (Debian's `prometheus`) remote_writes node-exporter metrics. Both
 * must be accepted and reach the points topic. Skipped, saying why, when the binaries are missing
 * (`apt-get install -y influxdb prometheus prometheus-node-exporter`).
 */
const INFLUXD = '/usr/bin/influxd';
const PROMETHEUS = '/usr/bin/prometheus';
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const missing = [INFLUXD, PROMETHEUS, NODE_EXPORTER].filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.warn(`ingest real-client test skipped: ${missing.join(', ')} not installed (apt-get install -y influxdb prometheus prometheus-node-exporter)`);
}

describe.skipIf(missing.length > 0)('ingest with real InfluxDB and Prometheus writers', () => {
  let ingest: IngestUnderTest | undefined;
  const processes: RunningProcess[] = [];
  let dir = '';

  beforeAll(() => {
    buildApp('ingest');
    dir = mkdtempSync(join(tmpdir(), 'vigil-real-clients-'));
  });

  afterEach(() => {
    for (const running of processes.splice(0)) running.kill();
    ingest?.process.kill();
    ingest = undefined;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('InfluxDB 1.6 subscription writes reach the points topic', async () => {
    ingest = await startIngest();
    const [httpPort, rpcPort] = [await freePort(), await freePort()];
    const config = join(dir, 'influxdb.conf');
    writeFileSync(
      config,
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${rpcPort}"`,
        `[meta]\n  dir = "${dir}/meta"`,
        `[data]\n  dir = "${dir}/data"\n  wal-dir = "${dir}/wal"\n  query-log-enabled = false`,
        `[http]\n  bind-address = "127.0.0.1:${httpPort}"\n  log-enabled = false`,
        '[subscriber]\n  enabled = true',
        '[monitor]\n  store-enabled = false',
        '',
      ].join('\n'),
    );
    const influx = startProcess(INFLUXD, ['-config', config], { cwd: dir, env: { PATH: process.env['PATH'] } });
    processes.push(influx);
    const base = `http://127.0.0.1:${httpPort}`;
    await waitFor(async () => (await fetch(`${base}/ping`)).status === 204, { timeoutMs: 60_000, what: 'influxd /ping' }).catch((error: Error) => {
      throw new Error(`${error.message}\n${influx.output()}`);
    });
    const query = async (q: string) => post(`${base}/query`, new URLSearchParams({ q }).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect((await query('CREATE DATABASE vtest')).status).toBe(200);
    expect((await query(`CREATE SUBSCRIPTION s0 ON vtest.autogen DESTINATIONS ALL 'http://${new URL(ingest.base).host}'`)).status).toBe(200);
    // The subscriber picks up new subscriptions when the meta data changes; write until the
    // forwarded points show up on the topic.
    let n = 0;
    const read = await waitFor(
      async () => {
        n++;
        expect((await post(`${base}/write?db=vtest`, `sub,host=h${n} v=${n}i ${n}000000000`)).status).toBe(204);
        const points = await readTopic(ingest!.topic, (found) => found.length > 0, 2_000);
        return points.length > 0 ? points : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'subscription points on the topic' },
    );
    expect(read[0]?.point).toMatchObject({ database: 'vtest', retentionPolicy: 'autogen', name: 'sub' });
    expect(read[0]?.point.fields['v']).toEqual(BigInt(read[0]?.point.tags['host']?.slice(1) ?? '0'));
  }, 150_000);

  it('Prometheus remote_write of node-exporter metrics reaches the points topic', async () => {
    ingest = await startIngest();
    const [exporterPort, promPort] = [await freePort(), await freePort()];
    const exporter = startProcess(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${exporterPort}`], { cwd: dir, env: { PATH: process.env['PATH'] } });
    processes.push(exporter);
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: node',
        `    static_configs: [{ targets: ["127.0.0.1:${exporterPort}"] }]`,
        'remote_write:',
        `  - url: "${ingest.base}/api/v1/write"`,
        '    queue_config: { batch_send_deadline: 1s }',
        '',
      ].join('\n'),
    );
    const prometheus = startProcess(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${dir}/prom`, `--web.listen-address=127.0.0.1:${promPort}`],
      { cwd: dir, env: { PATH: process.env['PATH'] } },
    );
    processes.push(prometheus);
    const read = await readTopic(ingest.topic, (points) => points.some((entry) => entry.point.name === 'node_load1'), 90_000);
    const load = read.find((entry) => entry.point.name === 'node_load1');
    expect(load, prometheus.output().slice(-2_000)).toBeDefined();
    expect(load?.point).toMatchObject({ database: 'prometheus', retentionPolicy: 'autogen', tags: { job: 'node', instance: `127.0.0.1:${exporterPort}` } });
    expect(typeof load?.point.fields['value']).toBe('number');
  }, 150_000);
});
