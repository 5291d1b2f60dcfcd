import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchSourcesOf } from '@vigil/evaluation';
import { HAVE_INFLUXD, INFLUXD, startInfluxd, waitFor, type RunningInfluxd } from '@vigil/testing';
import type { StandaloneServer } from '../standalone-server';
import { defineBatchTask, loggedEvents, servedLogFile, startBatchServer } from './batch-server.test';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch join int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

/**
 * Seed 004's API error rate as a batch task in `vigil serve`: two scheduled queries against a
 * real InfluxDB 1.x (5xx responses and all responses per endpoint) joined per endpoint, divided
 * and alerted on. The server's clock is a variable the test moves.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: a join of two batch queries against a real InfluxDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-join-'));
  const alerts = servedLogFile(dir, 'alerts.log');
  let influxd: RunningInfluxd | undefined;
  let server: StandaloneServer | undefined;
  let clockMs = Date.parse('2024-03-01T10:00:10Z');

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE app');
    // 10:00-10:01: /a 2 of 100 (2 %), /b 10 of 100 (10 %); 10:01-10:02: /a 9 of 100, /b 1 of 100.
    await influxd.write('app', [
      'http_5xx,endpoint=/a,host=web1 value=2 1709287230000000000',
      'http_requests,endpoint=/a,host=web1 value=60 1709287230000000000',
      'http_requests,endpoint=/a,host=web2 value=40 1709287240000000000',
      'http_5xx,endpoint=/b,host=web1 value=10 1709287230000000000',
      'http_requests,endpoint=/b,host=web1 value=100 1709287230000000000',
      'http_5xx,endpoint=/a,host=web1 value=9 1709287290000000000',
      'http_requests,endpoint=/a,host=web1 value=100 1709287290000000000',
      'http_5xx,endpoint=/b,host=web2 value=1 1709287290000000000',
      'http_requests,endpoint=/b,host=web2 value=100 1709287290000000000',
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    influxd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const delivered = (): string[] =>
    loggedEvents(alerts).map((event) => `${event.id} ${event.level} ${event.time} ${JSON.stringify(event.data.series[0]?.columns)} ${JSON.stringify(event.data.series[0]?.values)}`);

  it('joins the answers per endpoint and alerts on their ratio, run by run', async () => {
    server = await startBatchServer({ dir, sources: batchSourcesOf({ influxdbUrl: influxd?.url ?? '' }), nowMs: () => clockMs });
    const script = `dbrp "app"."autogen"

var errors = batch
  |query('SELECT sum("value") AS "value" FROM "app"."autogen"."http_5xx"')
    .period(1m)
    .every(1m)
    .align()
    .groupBy('endpoint')

var total = batch
  |query('SELECT sum("value") AS "value" FROM "app"."autogen"."http_requests"')
    .period(1m)
    .every(1m)
    .align()
    .groupBy('endpoint')

errors
  |join(total)
    .as('errors', 'total')
    .streamName('error_rate')
  |eval(lambda: "errors.value" / "total.value")
    .as('ratio')
    .keep()
  |alert()
    .crit(lambda: "ratio" > 0.05)
    .log('${alerts}')
`;
    expect(await defineBatchTask(server, 'error_rate', script)).toBe(200);

    // The run of 10:01 queries [10:00, 10:01): /b is at 10 %. InfluxDB dates a sum without
    // GROUP BY time at the range's start; the joined batch is named by streamName.
    clockMs = Date.parse('2024-03-01T10:01:05Z');
    await waitFor(() => delivered().length >= 1, { timeoutMs: 30_000, what: 'the 10:01 event' });
    const columns = '["time","errors.value","ratio","total.value"]';
    expect(delivered()).toEqual([`error_rate:endpoint=/b CRITICAL 2024-03-01T10:00:00Z ${columns} [["2024-03-01T10:00:00Z",10,0.1,100]]`]);

    // The run of 10:02: /a rises to 9 %, /b recovers (an OK event at the batch time, the run's stop).
    clockMs = Date.parse('2024-03-01T10:02:05Z');
    await waitFor(() => delivered().length >= 3, { timeoutMs: 30_000, what: 'the 10:02 events' });
    // The two queries answer concurrently, so which endpoint's set completes first varies: the
    // events of one run are compared without their order across alert ids.
    expect(delivered()[0]).toBe(`error_rate:endpoint=/b CRITICAL 2024-03-01T10:00:00Z ${columns} [["2024-03-01T10:00:00Z",10,0.1,100]]`);
    expect([...delivered()].sort()).toEqual([
      `error_rate:endpoint=/b CRITICAL 2024-03-01T10:00:00Z ${columns} [["2024-03-01T10:00:00Z",10,0.1,100]]`,
      `error_rate:endpoint=/a CRITICAL 2024-03-01T10:01:00Z ${columns} [["2024-03-01T10:01:00Z",9,0.09,100]]`,
      `error_rate:endpoint=/b OK 2024-03-01T10:02:00Z ${columns} [["2024-03-01T10:01:00Z",1,0.01,100]]`,
    ].sort());
  });
});
