import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes a folder's entries (created, renamed or deleted files) durable. Without it a crash can
 * lose a rename even though the renamed file's contents were fsynced.
 */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `text` atomically: a reader (or a restart after a crash) sees either the
 * old contents or the new ones, never a mix. Writes a temporary file beside it, fsyncs it,
 * renames it over the target and fsyncs the folder.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  await syncFolder(dirname(path));
}

/** Deletes a file if it exists and makes the deletion durable. */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await rm(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  await syncFolder(dirname(path));
  return true;
}
