import { HAVE_INFLUXD, INFLUXD, waitFor, type RunningInfluxd } from '@vigil/testing';
import { MAX_BY_HOST_ROWS, maxByHostRows, startUsageInfluxd } from '../support/batch-http-out';
import { useServeFixture } from './support/serve-fixture';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch httpOut int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

/**
 * A batch task's `|httpOut('max')` through `vigil serve --influxdb`: its endpoint answers each
 * group's latest batch as Kapacitor's result JSON, and stops answering when the task is disabled.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: a batch task httpOut over the task API', () => {
  const fixture = useServeFixture('http-out-batch');
  let influxd: RunningInfluxd | undefined;

  beforeAll(async () => {
    influxd = await startUsageInfluxd();
  }, 120_000);

  afterAll(() => influxd?.stop());

  it("serves each host's latest max", async () => {
    const serve = await fixture.serve(['--influxdb', influxd?.url ?? '']);
    const tasks = `${serve.url}/kapacitor/v1/tasks`;
    expect(await maxByHostRows(tasks, 30_000)).toEqual(MAX_BY_HOST_ROWS);

    const unknown = await fetch(`${tasks}/cpu_max/other`);
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect((await fetch(`${tasks}/cpu_max`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'disabled' }) })).status).toBe(200);
    await waitFor(async () => (await fetch(`${tasks}/cpu_max/max`)).status === 404, { timeoutMs: 30_000, what: 'the disabled task to stop answering' });
    expect(await serve.stop()).toBe(0);
  });
});
