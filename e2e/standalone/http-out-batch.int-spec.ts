import { HAVE_INFLUXD, INFLUXD, startInfluxd, waitFor, type RunningInfluxd } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

if (!HAVE_INFLUXD) console.warn(`skipping the vigil serve batch httpOut int test: ${INFLUXD} is missing (Debian's influxdb package provides it)`);

// Every second, the highest usage of each host over the last hour, from a real InfluxDB.
const SCRIPT = `dbrp "telegraf"."autogen"
batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1h)
    .every(1s)
    .groupBy('host')
  |httpOut('max')
`;

interface Answer {
  readonly series: readonly { readonly tags: Record<string, string>; readonly columns: readonly string[]; readonly values: readonly (readonly unknown[])[] }[] | null;
}

/**
 * A batch task's `|httpOut('max')` through `vigil serve --influxdb`: its endpoint answers each
 * group's latest batch as Kapacitor's result JSON, and stops answering when the task is disabled.
 */
describe.skipIf(!HAVE_INFLUXD)('vigil serve: a batch task httpOut over the task API', () => {
  const fixture = useServeFixture('http-out-batch');
  let influxd: RunningInfluxd | undefined;

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.statement('CREATE DATABASE telegraf');
    const ns = (minutesAgo: number) => BigInt(Date.now() - minutesAgo * 60_000) * 1_000_000n;
    await influxd.write('telegraf', [`cpu,host=a usage=40 ${ns(5)}`, `cpu,host=a usage=70 ${ns(4)}`, `cpu,host=b usage=20 ${ns(3)}`]);
  }, 120_000);

  afterAll(() => influxd?.stop());

  it("serves each host's latest max", async () => {
    const serve = await fixture.serve(['--influxdb', influxd?.url ?? '']);
    const tasks = `${serve.url}/kapacitor/v1/tasks`;
    const defined = await fetch(tasks, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'cpu_max', type: 'batch', script: SCRIPT, status: 'enabled' }) });
    expect(defined.status).toBe(200);
    let last: Answer | undefined;
    await waitFor(
      async () => {
        last = (await (await fetch(`${tasks}/cpu_max/max`)).json()) as Answer;
        return (last.series?.length ?? 0) === 2;
      },
      { timeoutMs: 30_000, what: 'the two hosts at the endpoint' },
    );
    expect(last?.series?.map((row) => [row.tags, row.columns, row.values.map((value) => value[1])])).toEqual([
      [{ host: 'a' }, ['time', 'usage'], [70]],
      [{ host: 'b' }, ['time', 'usage'], [20]],
    ]);

    const unknown = await fetch(`${tasks}/cpu_max/other`);
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect((await fetch(`${tasks}/cpu_max`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'disabled' }) })).status).toBe(200);
    await waitFor(async () => (await fetch(`${tasks}/cpu_max/max`)).status === 404, { timeoutMs: 30_000, what: 'the disabled task to stop answering' });
    expect(await serve.stop()).toBe(0);
  });
});
