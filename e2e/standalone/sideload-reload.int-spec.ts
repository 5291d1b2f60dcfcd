import { waitFor } from '@vigil/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServeFixture } from './support/serve-fixture';

/**
 * `POST /kapacitor/v1/sideload/reload` through `vigil serve`: a running task's `|sideload()` reads
 * its changed file without a task reload, while the `stateCount` before it keeps counting.
 */
describe('vigil serve: sideload reload', () => {
  const fixture = useServeFixture('sideload-reload');

  it('gives the next point the new value, keeps the upstream state, and names a file that fails', async () => {
    // `vigil serve` allows <data>/sideload when no sideload.allow is configured.
    const dir = join(fixture.dir(), 'data', 'sideload');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'limits.json'), '{"limit": 10}');
    const serve = await fixture.serve();
    const tasks = `${serve.url}/kapacitor/v1/tasks`;
    const script = `stream\n  |from().measurement('cpu')\n  |stateCount(lambda: "usage" > 0).as('n')\n  |sideload().source('file://${dir}').order('limits.json').field('limit', 0)\n  |httpOut('out')\n`;
    const defined = await fetch(tasks, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'limits', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script, status: 'enabled' }) });
    expect(defined.status).toBe(200);
    const write = async (line: string): Promise<void> => expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: line })).status).toBe(204);
    const seen = (n: number, limit: number) => waitFor(
      async () => {
        const body = (await (await fetch(`${tasks}/limits/out`)).json()) as { series?: { columns: string[]; values: unknown[][] }[] | null };
        const series = body.series?.[0];
        if (!series) return undefined;
        const row = Object.fromEntries(series.columns.map((column, i) => [column, series.values[0]?.[i]]));
        return row['n'] === n && row['limit'] === limit ? row : undefined;
      },
      { timeoutMs: 30_000, what: `n=${n} limit=${limit} at the endpoint` },
    );

    await write('cpu usage=1 1700000001000000000');
    await seen(1, 10);
    writeFileSync(join(dir, 'limits.json'), '{"limit": 20}');
    const reloaded = await fetch(`${serve.url}/kapacitor/v1/sideload/reload`, { method: 'POST' });
    expect([reloaded.status, await reloaded.text()]).toEqual([204, '']);
    await write('cpu usage=1 1700000002000000000');
    await seen(2, 20);

    writeFileSync(join(dir, 'limits.json'), '{"limit": ');
    const failed = await fetch(`${serve.url}/kapacitor/v1/sideload/reload`, { method: 'POST' });
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: string }).error).toContain(`failed to unmarshal json values "${join(dir, 'limits.json')}"`);
    await write('cpu usage=1 1700000003000000000');
    await seen(3, 20);
    expect(await serve.stop()).toBe(0);
  });
});
