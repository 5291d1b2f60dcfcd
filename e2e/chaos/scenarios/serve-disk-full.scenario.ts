import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpGet, waitFor } from '@vigil/testing';
import type { ChaosScenario } from '../support/chaos-scenario';
import { SmallFilesystem } from '../support/small-filesystem';
import type { StandaloneRun } from '../support/standalone-run';
import { runStandalone } from '../support/standalone-run';

/** How long a server may take, after the space came back, to take writes and be ready again by itself. */
const RECOVERY_MS = 30_000;

/** The data folder's filesystem full for a while, then freed; the server must recover by itself. */
export const serveDiskFull: ChaosScenario = {
  name: 'serve-disk-full',
  summary:
    '`vigil serve` with its data folder on a small tmpfs; at a third of the stream the filesystem is filled to ENOSPC (30 s in full), then the space is freed. The server must recover by itself: readiness 503 while full and liveness 200, then writes taken and readiness 200 again within 30 s of the space coming back, or the run fails.',
  run: async (size) => {
    const filesystem = SmallFilesystem.mount(size.name === 'full' ? 64 : 32);
    try {
      return await runStandalone({
        scenario: 'serve-disk-full',
        size,
        dataDir: join(filesystem.dir, 'data'),
        fault: async (run) => {
          await run.progress.untilWritten(1 / 3);
          filesystem.fill();
          // A write or a step has to fail before the server knows: ask once the writer has been refused.
          await sleep(Math.min(3_000, size.diskFullMs / 2));
          const whileFull = await probes(run);
          await sleep(size.diskFullMs - Math.min(3_000, size.diskFullMs / 2));
          const before = run.progress.written();
          filesystem.free();
          const freed = Date.now();
          const recovered = await waitFor(async () => (run.progress.written() > before || run.progress.written() === run.progress.batches) && (await probes(run)).ready === 200, { timeoutMs: RECOVERY_MS, intervalMs: 200, what: 'a write taken and readiness 200 after the space came back' })
            .then(() => true)
            .catch(() => false);
          const after = await probes(run);
          const full = `disk full ${size.diskFullMs / 1000} s (${before} of ${run.progress.batches} write requests taken before the space came back; while full: ready ${whileFull.ready}, live ${whileFull.live})`;
          if (!recovered) throw new Error(`${full}; not recovered by itself ${RECOVERY_MS / 1000} s after the space came back (ready ${after.ready}, live ${after.live}, ${run.progress.written()} writes taken)`);
          // Let the server finish the run, then count the lines its log spent on the full disk.
          return `${full}; writes taken and ready ${after.ready} again by itself ${((Date.now() - freed) / 1000).toFixed(0)} s after the space came back; ${enospcLines(run)} log lines mention ENOSPC`;
        },
      });
    } finally {
      filesystem.unmount();
    }
  },
};

async function probes(run: StandaloneRun): Promise<{ ready: number; live: number }> {
  const url = run.current().url;
  const [ready, live] = await Promise.all([httpGet(`${url}/health/ready`), httpGet(`${url}/health/live`)].map((probe) => probe.then((answer) => answer.status).catch(() => 0)));
  return { ready: ready ?? 0, live: live ?? 0 };
}

function enospcLines(run: StandaloneRun): number {
  return run
    .current()
    .process.output()
    .split('\n')
    .filter((line) => line.includes('ENOSPC')).length;
}
