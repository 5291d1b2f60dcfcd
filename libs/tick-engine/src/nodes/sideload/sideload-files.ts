import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { FlatYamlError, parseFlatYaml, type SideloadValue } from './flat-yaml';

/** A value from a file: JSON's and YAML's scalars, or a nested value (which no default takes). */
export type LoadedValue = SideloadValue | object;

/** The values of every file under a sideload directory, by path relative to it (`host/a.yml`). */
export type SideloadCache = ReadonlyMap<string, ReadonlyMap<string, LoadedValue>>;

/**
 * Reads a sideload directory as Kapacitor's `fileSource.UpdateCache` does when the task starts
 * (`services/sideload/service.go`): every file below it, in lexical order, keyed by its path
 * relative to the directory; `.json` and `.yml`/`.yaml` files give their top-level keys, other
 * files no keys; a file whose relative path starts with a dot fails the whole read. Throws with
 * Kapacitor's message; the caller turns it into a definition error.
 */
export function readSideloadDirectory(dir: string): SideloadCache {
  const cache = new Map<string, ReadonlyMap<string, LoadedValue>>();
  const fail = (why: string): never => {
    throw new Error(`failed to update sideload cache for source file "${dir}": ${why}`);
  };
  const walk = (path: string): void => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      return fail((error as Error).message);
    }
    if (isDir) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
      return;
    }
    const rel = relative(dir, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('.')) fail('invalid relative path');
    cache.set(rel, readValues(path, fail));
  };
  walk(dir);
  return cache;
}

function readValues(path: string, fail: (why: string) => never): ReadonlyMap<string, LoadedValue> {
  const text = readFileSync(path, 'utf8');
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
