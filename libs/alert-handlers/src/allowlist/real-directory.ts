import { realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import { isInAllowedDirectory } from './directory-allowlist';

/**
 * An absolute path with every link resolved: the real path of its deepest existing ancestor with
 * the missing rest appended (missing folders hold no links yet). A component that exists but
 * cannot be read (EACCES, a link loop) rejects.
 */
export async function realPathOf(path: string): Promise<string> {
  let existing = posix.normalize(path);
  const missing: string[] = [];
  for (;;) {
    try {
      return posix.join(await realpath(existing), ...missing);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const parent = posix.dirname(existing);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) throw error;
      missing.unshift(posix.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Whether a file is in one of the allowed folders or below one once the links of its folders are
 * followed, on both sides, so that a link inside an allowed folder (`/var/log/vigil/x -> /etc`)
 * does not lead out of it. A link at the file itself is not followed: the writer opens it with
 * O_NOFOLLOW. For the process that writes; the textual isInAllowedDirectory is for the one that checks.
 */
export async function isReallyInAllowedDirectory(file: string, allowed: readonly string[]): Promise<boolean> {
  if (!isInAllowedDirectory(file, allowed)) return false;
  const real = posix.join(await realPathOf(posix.dirname(file)), posix.basename(file));
  const realAllowed = await Promise.all(allowed.filter((entry) => posix.isAbsolute(entry)).map((entry) => realPathOf(entry)));
  return isInAllowedDirectory(real, realAllowed);
}
