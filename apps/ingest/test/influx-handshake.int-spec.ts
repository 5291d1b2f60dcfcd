import { ingestPerTest, post, readTopic } from './ingest-harness';

/**
 * What an InfluxDB 1.x writer does before it writes, sent exactly as Telegraf's `outputs.influxdb`
 * sends it (plugins/outputs/influxdb/http.go: `CreateDatabase` posts `q=CREATE DATABASE "<db>"`
 * form-encoded by Go's url.Values, then `writeBatch` posts line protocol to /write?db=<db>).
 */
const TELEGRAF_HEADERS = { 'User-Agent': 'Telegraf/1.30.0 Go/1.22.1' };

describe('ingest answers the InfluxDB 1.x handshake', () => {
  const start = ingestPerTest();

  it("answers Telegraf's CREATE DATABASE as InfluxDB 1.x does, then takes its write", async () => {
    const ingest = await start();
    const created = await post(`${ingest.base}/query`, 'q=CREATE+DATABASE+%22telegraf%22', { ...TELEGRAF_HEADERS, 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toEqual({ results: [{ statement_id: 0 }] });
    expect(created.headers.get('x-influxdb-version')).toBe('1.8.10+vigil');
    expect(created.headers.get('x-influxdb-build')).toBe('OSS');

    const shown = await fetch(`${ingest.base}/query?q=${encodeURIComponent('SHOW DATABASES')}`);
    expect(await shown.json()).toEqual({ results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [['telegraf']] }] }] });

    const written = await post(`${ingest.base}/write?db=telegraf`, 'cpu,host=a usage_idle=12.5 1700000000000000000\n', { ...TELEGRAF_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    expect(written.status).toBe(204);
    const points = await readTopic(ingest.topic, (read) => read.length >= 1);
    expect(points.map(({ point }) => [point.database, point.name, point.tags])).toEqual([['telegraf', 'cpu', { host: 'a' }]]);
  });

  it('answers GET and HEAD /ping with 204 and the version headers, and ?verbose=true with the version', async () => {
    const ingest = await start();
    for (const method of ['GET', 'HEAD']) {
      const ping = await fetch(`${ingest.base}/ping`, { method });
      expect([method, ping.status, ping.headers.get('x-influxdb-version'), ping.headers.get('x-influxdb-build')]).toEqual([method, 204, '1.8.10+vigil', 'OSS']);
    }
    const verbose = await fetch(`${ingest.base}/ping?verbose=true`);
    expect(verbose.status).toBe(200);
    expect(await verbose.json()).toEqual({ version: '1.8.10+vigil' });
  });

  it('refuses a SELECT with an InfluxDB error that says vigil stores no data', async () => {
    const ingest = await start();
    const answer = await post(`${ingest.base}/query`, 'q=SELECT+*+FROM+cpu&db=telegraf', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { results: Array<{ statement_id: number; error: string }> };
    expect(body.results[0]?.error).toContain('vigil does not store data');
  });
});
