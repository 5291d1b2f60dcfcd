import { waitFor } from '@vigil/testing';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/**
 * Kapacitor's task API on `vigil serve`: the seed task defined with POST /kapacitor/v1/tasks (its
 * dbrp given in the request, as `kapacitor define -dbrp` sends it) runs on the next writes, is
 * still defined after a restart, and stops with DELETE.
 */
describe('vigil serve: tasks defined over Kapacitor\'s HTTP API', () => {
  const fixture = useServeFixture('define');
  const receiver = fixture.receiver;

  it('runs a defined task, keeps it across a restart and removes it on DELETE', async () => {
    const seed = seedGolden(await receiver.start());
    const first = await fixture.serve();
    const script = seed.task.replace('dbrp "vigil"."autogen"\n', '');
    const defined = await fetch(`${first.url}/kapacitor/v1/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'provider_health', type: 'stream', dbrps: [{ db: 'vigil', rp: 'autogen' }], script, status: 'enabled' }),
    });
    expect(defined.status).toBe(200);
    expect(await defined.json()).toMatchObject({ id: 'provider_health', dbrps: [{ db: 'vigil', rp: 'autogen' }], status: 'enabled', executing: true });

    expect((await fetch(`${first.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect([...receiver.bodies].sort()).toEqual(seed.expected.map((json) => `${json}\n`).sort());
    expect(await first.stop()).toBe(0);

    const second = await fixture.serve();
    const listed = (await (await fetch(`${second.url}/kapacitor/v1/tasks`)).json()) as { tasks: { id: string }[] };
    expect(listed.tasks.map((task) => task.id)).toEqual(['provider_health']);
    expect((await fetch(`${second.url}/kapacitor/v1/tasks/provider_health`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${second.url}/kapacitor/v1/tasks/provider_health`)).status).toBe(404);
    // With the task gone, new points raise nothing.
    expect((await fetch(`${second.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines.replaceAll('16847130', '16847140') })).status).toBe(204);
    expect(await second.stop()).toBe(0);
    expect(receiver.bodies).toHaveLength(seed.expected.length);
  });
});
