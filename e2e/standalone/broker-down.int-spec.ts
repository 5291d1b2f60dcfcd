import { waitFor } from '@vigil/testing';
import { byAlertId } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/**
 * The broker answers 503 while `vigil serve` tries to deliver the seed's events, the server is
 * stopped (SIGTERM) in the middle of its retries, and a new server on the same data folder meets
 * the broker back up: every event arrives once, per alert id in order, and the stop did not wait
 * for the retries.
 */
describe('vigil serve: broker down across a restart', () => {
  const fixture = useServeFixture('down');
  const receiver = fixture.receiver;

  it('delivers every event once after the broker comes back', async () => {
    const seed = seedGolden(await receiver.start());
    receiver.status = 503;
    const first = await fixture.serve(['--task', fixture.file('provider_health.tick', seed.task)]);
    expect((await fetch(`${first.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    // Both alert ids have been tried and refused at least once: their lanes are retrying now.
    await waitFor(() => receiver.refused >= 2, { timeoutMs: 30_000, what: 'refused attempts' });
    expect(await first.stop()).toBe(0);
    expect(receiver.bodies).toEqual([]);

    receiver.status = 200;
    const second = await fixture.serve();
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect(await second.stop()).toBe(0);
    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
  });
});

