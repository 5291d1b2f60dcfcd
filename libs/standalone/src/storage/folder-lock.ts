import { open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder } from './files/durable-files';

/** A second server on a data folder that a live process holds. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `data folder is in use by process ${pid} (lock file ${lockFile}); stop that process first, ` +
        `or delete the lock file if you are sure no vigil runs on this folder (e.g. it was another machine's)`,
    );
    this.name = 'DataFolderLockedError';
  }
}

/** Lock files held by this process, so that opening one folder twice in a process also fails. */
const held = new Set<string>();

/** Whether a process with this pid exists (EPERM: it exists, but belongs to another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file, holding this process's pid. A lock left by a process that is gone is
 * taken over. A lock naming this very pid is stale too unless this process holds it: a container
 * restarted its server under the same pid (often 1). Two servers taking over one stale lock at
 * the same instant could both win; starting two servers on one folder at once is not guarded.
 */
export async function acquireFolderLock(lockFile: string, pid: number, isAlive: (pid: number) => boolean): Promise<void> {
  if (held.has(lockFile)) throw new DataFolderLockedError(lockFile, pid);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(lockFile, 'wx');
      try {
        await handle.writeFile(`${pid}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncFolder(dirname(lockFile));
      held.add(lockFile);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = await lockHolder(lockFile);
    if (holder !== undefined && holder !== pid && isAlive(holder)) throw new DataFolderLockedError(lockFile, holder);
    await rm(lockFile, { force: true });
  }
}

/** Deletes the lock file if it still names this process. */
export async function releaseFolderLock(lockFile: string, pid: number): Promise<void> {
  if (!held.delete(lockFile)) return;
  if ((await lockHolder(lockFile)) === pid) await rm(lockFile, { force: true });
}

/** The pid in a lock file; undefined for a missing or unreadable one (a crash while writing it). */
async function lockHolder(lockFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
