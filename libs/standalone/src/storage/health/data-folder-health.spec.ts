import { chmod } from 'node:fs/promises';
import type { Logger } from '@vigil/observability';
import { errnoError } from '../files/disk-full.test';
import { AppendFailedError } from '../files/durable-appender';
import { useTempFolder } from '../files/temp-folder.test';
import { DataFolderHealth } from './data-folder-health';

/** The lines a logger was given: level, message and the fields the test looks at. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push(`${level} ${message} ${JSON.stringify({ part: fields['part'], code: fields['code'] })}`);
  return { logger: { error: at('error'), warn: at('warn'), info: at('info') } as unknown as Logger, lines };
}

describe('DataFolderHealth', () => {
  const folder = useTempFolder('health');
  let now = 0;

  function health(logger: Logger, failingLiveMs = 60_000): DataFolderHealth {
    return new DataFolderHealth({ root: folder(), logger, failingLiveMs, probeIntervalMs: 3_600_000, nowMs: () => now });
  }

  beforeEach(() => {
    now = 0;
  });

  it('logs a full disk once per part when it starts and once when it ends, and is not ready meanwhile', async () => {
    const { logger, lines } = recordingLogger();
    const watched = health(logger);
    for (let write = 0; write < 500; write++) watched.failed('points', errnoError('ENOSPC'));
    watched.failed('ledger', errnoError('ENOSPC'));
    expect(watched.ready()).toBe(false);
    expect(watched.liveness()).toEqual({ live: true });
    watched.succeeded('points');
    watched.succeeded('points');
    expect(watched.ready()).toBe(false);
    watched.succeeded('ledger');
    expect(watched.ready()).toBe(true);
    await watched.close();
    const failed = 'writes to the data folder fail; they are refused and tried again, and readiness fails until they succeed';
    expect(lines).toEqual([
      `error ${failed} {"part":"points","code":"ENOSPC"}`,
      `error ${failed} {"part":"ledger","code":"ENOSPC"}`,
      'info writes to the data folder succeed again {"part":"points"}',
      'info writes to the data folder succeed again {"part":"ledger"}',
    ]);
  });

  it('fails liveness once writes have failed without a break for longer than the bound', async () => {
    const watched = health(recordingLogger().logger, 60_000);
    watched.failed('points', errnoError('ENOSPC'));
    now = 30_000;
    watched.failed('ledger', errnoError('ENOSPC'));
    watched.succeeded('points');
    now = 59_999;
    expect(watched.liveness().live).toBe(true);
    now = 60_000;
    expect(watched.liveness()).toEqual({ live: false, reason: 'writes to the data folder have failed for 60 s (ledger)' });
    watched.succeeded('ledger');
    expect(watched.liveness()).toEqual({ live: true });
    await watched.close();
  });

  it('fails liveness at once after a failure only a reopen recovers from', async () => {
    const { logger, lines } = recordingLogger();
    const watched = health(logger);
    watched.failed('/data/points', new AppendFailedError('/data/points/00000000000000000000.log', errnoError('EIO')));
    expect(watched.liveness()).toMatchObject({ live: false });
    expect(watched.liveness().reason).toContain('/data/points/00000000000000000000.log');
    expect(lines[0]).toContain('cannot undo');
    await watched.close();
  });

  it('is ready again once a test write succeeds, for a server that readiness keeps writers from; the log waits for a real write', async () => {
    const { logger, lines } = recordingLogger();
    const watched = new DataFolderHealth({ root: folder(), logger, failingLiveMs: 60_000, probeIntervalMs: 10, nowMs: () => now });
    await chmod(folder(), 0o500);
    watched.failed('points', errnoError('ENOSPC'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Root writes to a read-only folder anyway: only assert that the probe leaves the failure when it cannot write.
    if (process.getuid?.() !== 0) expect(watched.ready()).toBe(false);
    await chmod(folder(), 0o700);
    await vi.waitFor(() => expect(watched.ready()).toBe(true), { timeout: 2_000 });
    // The failing period ended with the test write: no liveness failure for a server nobody writes to.
    now = 120_000;
    expect(watched.liveness()).toEqual({ live: true });
    // A batch the test write's space cannot hold: not ready again, and no new line.
    watched.failed('points', errnoError('ENOSPC'));
    expect(watched.ready()).toBe(false);
    watched.succeeded('points');
    expect(watched.ready()).toBe(true);
    expect(lines.map((line) => line.split(' {')[0])).toEqual(['error writes to the data folder fail; they are refused and tried again, and readiness fails until they succeed', 'info writes to the data folder succeed again']);
    await watched.close();
  });
});
