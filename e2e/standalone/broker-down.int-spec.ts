import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import { AlertReceiver, byAlertId } from './support/alert-receiver';
import { seedGolden } from './support/seed-golden';
import { startServe, type ServeProcess } from './support/standalone-process';

/**
 * The broker answers 503 while `vigil serve` tries to deliver the seed's events, the server is
 * stopped (SIGTERM) in the middle of its retries, and a new server on the same data folder meets
 * the broker back up: every event arrives once, per alert id in order, and the stop did not wait
 * for the retries.
 */
describe('vigil serve: broker down across a restart', () => {
  const receiver = new AlertReceiver();
  let dir: string;
  const running: ServeProcess[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-serve-down-'));
  });

  afterAll(async () => {
    for (const serve of running) serve.process.kill();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every event once after the broker comes back', async () => {
    const seed = seedGolden(await receiver.start());
    const taskFile = join(dir, 'provider_health.tick');
    writeFileSync(taskFile, seed.task);
    receiver.status = 503;
    const first = await startServe(join(dir, 'data'), ['--task', taskFile]);
    running.push(first);
    expect((await fetch(`${first.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    // Both alert ids have been tried and refused at least once: their lanes are retrying now.
    await waitFor(() => receiver.refused >= 2, { timeoutMs: 30_000, what: 'refused attempts' });
    expect(await first.stop()).toBe(0);
    expect(receiver.bodies).toEqual([]);

    receiver.status = 200;
    const second = await startServe(join(dir, 'data'));
    running.push(second);
    await waitFor(() => receiver.bodies.length >= seed.expected.length, { timeoutMs: 30_000, what: 'the seed deliveries' });
    expect(await second.stop()).toBe(0);
    expect(receiver.byAlertId()).toEqual(byAlertId(seed.expected.map((json) => `${json}\n`)));
  });
});

