import { constants, readFileSync } from 'node:fs';
import { open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { diskFullSwitch } from './disk-full.test';
import { AppendFailedError, DurableAppender } from './durable-appender';
import { useTempFolder } from './temp-folder.test';
import type { WriteHealth } from '../health/write-health';

function recordingHealth(): WriteHealth & { readonly outcomes: string[] } {
  const outcomes: string[] = [];
  return { outcomes, failed: (part, error) => outcomes.push(`failed ${part} ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}`), succeeded: (part) => outcomes.push(`ok ${part}`) };
}

describe('DurableAppender', () => {
  const folder = useTempFolder('appender');
  let disk: Awaited<ReturnType<typeof diskFullSwitch>>;
  beforeEach(async () => {
    disk = await diskFullSwitch();
  });
  afterEach(() => disk.restore());

  it('cuts off what a write failed for lack of space left, and appends cleanly once there is space', async () => {
    const path = join(folder(), 'file');
    await writeFile(path, 'kept\n');
    const health = recordingHealth();
    const appender = await DurableAppender.open(path, { part: 'the file', health });
    disk.full = true;
    await expect(appender.append(Buffer.from('refused line\n'))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(path, 'utf8')).toBe('kept\n');
    disk.full = false;
    await appender.append(Buffer.from('next\n'));
    await appender.close();
    expect(await readFile(path, 'utf8')).toBe('kept\nnext\n');
    expect(appender.size()).toBe(10);
    expect(health.outcomes).toEqual(['failed the file ENOSPC', 'ok the file']);
  });

  it('counts only the bytes a short write took, so no run of zero bytes is left in the file', async () => {
    disk.restore();
    disk = await diskFullSwitch('ENOSPC', true);
    const path = join(folder(), 'file');
    const appender = await DurableAppender.open(path);
    await appender.append(Buffer.from('first\n'));
    disk.full = true;
    await expect(appender.append(Buffer.from('a longer line the filesystem takes only part of\n'))).rejects.toMatchObject({ code: 'ENOSPC' });
    disk.full = false;
    await appender.append(Buffer.from('second\n'));
    await appender.close();
    expect(await readFile(path, 'utf8')).toBe('first\nsecond\n');
  });

  it('with syncedWrites, writes through O_DSYNC with no separate fdatasync, and still cuts off a refused write', async () => {
    const path = join(folder(), 'file');
    const probe = await open(__filename, 'r');
    const prototype = Object.getPrototypeOf(probe) as { datasync: FileHandle['datasync'] };
    await probe.close();
    const datasync = vi.spyOn(prototype, 'datasync');
    const appender = await DurableAppender.open(path, { syncedWrites: true });
    try {
      expect(openFlags(appender) & constants.O_DSYNC).toBe(constants.O_DSYNC);
      await appender.append(Buffer.from('first\n'));
      disk.full = true;
      await expect(appender.append(Buffer.from('refused line\n'))).rejects.toMatchObject({ code: 'ENOSPC' });
      disk.full = false;
      await appender.append(Buffer.from('second\n'));
      expect(datasync).not.toHaveBeenCalled();
    } finally {
      datasync.mockRestore();
      await appender.close();
    }
    expect(await readFile(path, 'utf8')).toBe('first\nsecond\n');
    expect(appender.size()).toBe(13);
  });

  it('refuses every append after a failure other than space, until the file is reopened', async () => {
    disk.restore();
    disk = await diskFullSwitch('EIO');
    const path = join(folder(), 'file');
    const health = recordingHealth();
    const appender = await DurableAppender.open(path, { health });
    disk.full = true;
    await expect(appender.append(Buffer.from('a\n'))).rejects.toMatchObject({ code: 'EIO' });
    disk.full = false;
    await expect(appender.append(Buffer.from('b\n'))).rejects.toBeInstanceOf(AppendFailedError);
    expect(appender.failed()).toBe(true);
    await appender.close();
    expect(health.outcomes).toEqual([`failed ${path} AppendFailedError`]);
  });
});

/** The open file's status flags, from Linux's /proc/self/fdinfo (octal `flags:` line). */
function openFlags(appender: DurableAppender): number {
  const fd = (appender as unknown as { handle: FileHandle }).handle.fd;
  const line = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  return Number.parseInt(line?.[1] ?? '0', 8);
}
