import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

const SCRIPT = `stream
  |from()
    .measurement('cpu')
    .groupBy('host')
  |window()
    .period(10s)
    .every(10s)
    .align()
  |mean('usage')
  |httpOut('avg')
`;

/**
 * `|httpOut('avg')` through `vigil serve`: GET /kapacitor/v1/tasks/<task>/avg answers the latest
 * mean of every group as Kapacitor's result JSON; an unknown endpoint and a disabled task 404.
 */
describe('vigil serve: httpOut results over the task API', () => {
  const fixture = useServeFixture('http-out');

  it('serves the latest window mean of each group while the task runs', async () => {
    const serve = await fixture.serve();
    const tasks = `${serve.url}/kapacitor/v1/tasks`;
    const defined = await fetch(tasks, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'cpu_avg', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script: SCRIPT, status: 'enabled' }),
    });
    expect(defined.status).toBe(200);
    const before = await fetch(`${tasks}/cpu_avg/avg`);
    expect({ status: before.status, body: await before.json() }).toEqual({ status: 200, body: { series: null } });

    // Aligned 10s windows from 1700000000s (22:13:20Z); a window closes at its group's first later point.
    const lines = [
      'cpu,host=b usage=10 1700000001000000000',
      'cpu,host=a usage=2 1700000002000000000',
      'cpu,host=a usage=4 1700000003000000000',
      'cpu,host=b usage=30 1700000004000000000',
      'cpu,host=a usage=8 1700000012000000000',
      'cpu,host=b usage=50 1700000013000000000',
      'cpu,host=a usage=1 1700000021000000000',
    ].join('\n');
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
    const expected = {
      series: [
        // a's first mean (3) came first, at +12s; its second window [+10s, +20s) replaced it at +21s.
        { name: 'cpu', tags: { host: 'a' }, columns: ['time', 'mean'], values: [['2023-11-14T22:13:40Z', 8]] },
        { name: 'cpu', tags: { host: 'b' }, columns: ['time', 'mean'], values: [['2023-11-14T22:13:30Z', 20]] },
      ],
    };
    let last: unknown;
    await waitFor(
      async () => {
        last = await (await fetch(`${tasks}/cpu_avg/avg`)).json();
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      { timeoutMs: 30_000, what: 'the two means at the endpoint' },
    );
    expect(last).toEqual(expected);

    const unknown = await fetch(`${tasks}/cpu_avg/other`);
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect((await fetch(`${tasks}/cpu_avg`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'disabled' }) })).status).toBe(200);
    await waitFor(async () => (await fetch(`${tasks}/cpu_avg/avg`)).status === 404, { timeoutMs: 30_000, what: 'the disabled task to stop answering' });
    expect(await serve.stop()).toBe(0);
  });
});
