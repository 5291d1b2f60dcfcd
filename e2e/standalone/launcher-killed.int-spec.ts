import { waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `vigil` is a launcher running the server as its child. SIGKILL of the launcher (which cannot
 * forward it) must not leave the server running with the data folder locked: the server sees
 * the launcher's IPC channel close and stops cleanly, so the next `vigil serve` starts.
 */
describe('vigil serve: the launcher killed with SIGKILL', () => {
  const fixture = useServeFixture('launcher-killed');

  it('stops the orphaned server cleanly and frees the data folder', async () => {
    const first = await fixture.serve();
    expect(first.serverPid).not.toBe(first.process.child.pid);
    process.kill(first.process.child.pid as number, 'SIGKILL');
    try {
      await waitFor(() => !isRunning(first.serverPid), { timeoutMs: 30_000, what: 'the orphaned server to exit' });
    } finally {
      // The fixture's clean-up skips a server whose launcher exited; a failed run must not leave one.
      if (isRunning(first.serverPid)) process.kill(first.serverPid, 'SIGKILL');
    }
    expect(first.process.stdout()).toContain('"signal":"launcher gone"');
    expect(first.process.stdout()).toContain('"msg":"stopped"');

    const second = await fixture.serve();
    expect(await second.stop()).toBe(0);
  });
});
