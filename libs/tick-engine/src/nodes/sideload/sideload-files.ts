import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, type Stats } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { FlatYamlError, parseFlatYaml, type SideloadValue } from './flat-yaml';

/** A value from a file: JSON's and YAML's scalars, or a nested value (which no default takes). */
export type LoadedValue = SideloadValue | object;

/** The values of every file under a sideload directory, by path relative to it (`host/a.yml`). */
export type SideloadCache = ReadonlyMap<string, ReadonlyMap<string, LoadedValue>>;

/** How much of a directory a task may read when it is built: the build runs on the event loop. */
export interface SideloadLimits {
  /** Largest file read, in bytes. */
  readonly maxFileBytes: number;
  /** Most entries (files, folders, links) walked below the directory. */
  readonly maxEntries: number;
}

/** Threshold tables are small; these leave room while keeping a build well under a second. */
export const SIDELOAD_LIMITS: SideloadLimits = { maxFileBytes: 1024 * 1024, maxEntries: 10_000 };

/** The extensions Kapacitor's `readValues` parses; any other file gives no keys, so it is not read. */
const VALUE_EXTENSIONS = new Set(['.json', '.yml', '.yaml']);

/**
 * Reads a sideload directory as Kapacitor's `fileSource.UpdateCache` does when the task starts
 * (`services/sideload/service.go`): every file below it, in lexical order, keyed by its path
 * relative to the directory; `.json` and `.yml`/`.yaml` files give their top-level keys, other
 * files no keys; a file whose relative path starts with a dot fails the whole read. Throws with
 * Kapacitor's message; the caller turns it into a definition error.
 *
 * Unlike Kapacitor, only regular files are opened: the build runs synchronously, so a FIFO, a
 * device or a `/proc` entry would block or exhaust the whole process. Folders are walked without
 * following links; a symbolic link counts only when it resolves to a regular file inside the
 * directory (a Kubernetes ConfigMap mounts its keys as such links); anything else is skipped.
 * Files over `maxFileBytes` and walks over `maxEntries` fail the read, naming the file.
 */
export function readSideloadDirectory(dir: string, limits: SideloadLimits = SIDELOAD_LIMITS): SideloadCache {
  const cache = new Map<string, ReadonlyMap<string, LoadedValue>>();
  const fail = (why: string): never => {
    throw new Error(`failed to update sideload cache for source file "${dir}": ${why}`);
  };
  const root = rootOf(dir, fail);
  let entries = 0;
  const walk = (path: string): void => {
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (error) {
      return fail((error as Error).message);
    }
    for (const name of names) {
      const child = join(path, name);
      if (++entries > limits.maxEntries) fail(`more than ${limits.maxEntries} entries below the directory (stopped at "${child}")`);
      const stats = lstatOf(child, fail);
      if (stats === undefined) continue;
      if (stats.isDirectory()) {
        walk(child);
        continue;
      }
      const rel = relative(dir, child).split(sep).join('/');
      if (rel === '' || rel.startsWith('.')) fail('invalid relative path');
      const file = regularFileOf(child, stats, root);
      if (file === undefined || !VALUE_EXTENSIONS.has(extname(child))) continue;
      cache.set(rel, readValues(child, readBounded(file, child, limits.maxFileBytes, fail), fail));
    }
  };
  walk(dir);
  return cache;
}

/** The directory's real path, which links must resolve inside; fails unless it is a folder. */
function rootOf(dir: string, fail: (why: string) => never): string {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!lstatSync(root).isDirectory()) fail(`"${dir}" is not a directory`);
  return root.endsWith(sep) ? root : root + sep;
}

/** An entry's own status; undefined when it vanished since the listing (a process's `/proc` entries do). */
function lstatOf(path: string, fail: (why: string) => never): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail((error as Error).message);
  }
}

/** The path to open for an entry: itself when regular, its target when a link to a regular file inside root. */
function regularFileOf(path: string, stats: Stats, root: string): string | undefined {
  if (stats.isFile()) return path;
  if (!stats.isSymbolicLink()) return undefined;
  try {
    const target = realpathSync(path);
    return target.startsWith(root) && lstatSync(target).isFile() ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads at most `maxBytes` of a regular file. Opened without following a link and without
 * blocking, then checked again on the open descriptor, so a file swapped for a FIFO or a device
 * after the walk looked at it is refused rather than read.
 */
function readBounded(path: string, shown: string, maxBytes: number, fail: (why: string) => never): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return fail(`failed to open values file "${shown}": ${(error as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile()) return fail(`values file "${shown}" is not a regular file`);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) fail(`values file "${shown}" is larger than ${maxBytes} bytes`);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function readValues(path: string, text: string, fail: (why: string) => never): ReadonlyMap<string, LoadedValue> {
  switch (extname(path)) {
    case '.json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        return fail(`failed to unmarshal json values "${path}": ${(error as Error).message}`);
      }
      // JSON null leaves Go's map empty; anything but an object fails to unmarshal into it.
      if (parsed === null) return new Map();
      if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail(`failed to unmarshal json values "${path}": not an object`);
      return new Map(Object.entries(parsed as Record<string, LoadedValue>));
    }
    case '.yml':
    case '.yaml':
      try {
        return parseFlatYaml(text);
      } catch (error) {
        if (error instanceof FlatYamlError) return fail(`failed to unmarshal yaml values "${path}": ${error.message}`);
        throw error;
      }
    default:
      return new Map();
  }
}
