import { posix } from 'node:path';

/**
 * Whether an absolute path is one of the listed folders or below one. Paths are compared as
 * written after `..` and `.` are resolved (`/srv/x/../../etc` is `/etc`), never through the file
 * system: the process that checks a task (ingest) may not have the folders the evaluator reads.
 */
export function isInAllowedDirectory(path: string, allowed: readonly string[] | undefined): boolean {
  if (!posix.isAbsolute(path)) return false;
  const target = posix.normalize(path);
  return (allowed ?? []).some((entry) => {
    const folder = posix.normalize(entry).replace(/\/+$/, '');
    return folder === '' || target === folder || target.startsWith(`${folder}/`);
  });
}

/** A directory allowlist entry must be an absolute path. */
export function isAllowedDirectoryEntry(entry: string): boolean {
  return posix.isAbsolute(entry);
}
