import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A named InfluxDB as a clusters file gives it, before its URL and credentials are checked. */
export interface NamedInfluxDBSettings {
  readonly name: string;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Kapacitor's `default`: the one `query()` nodes without `.cluster()` use. */
  readonly default?: boolean;
}

/** A bad clusters file; its message names the file and the entry, never a password. */
export class InfluxDBClustersFileError extends Error {}

const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const FIELDS = new Set(['name', 'url', 'username', 'password', 'passwordFile', 'default']);

/**
 * Reads the named InfluxDBs that `.cluster('name')` picks, Kapacitor's `[[influxdb]]` sections as
 * JSON: `{"influxdb": [{"name": "eu", "url": "http://influx-eu:8086", "username": "kapacitor",
 * "passwordFile": "/run/secrets/influx-eu", "default": false}]}`. A password may be inline
 * (`password`) or in a file (`passwordFile`, one trailing newline dropped, relative to the
 * clusters file); the file is as secret as a password file.
 */
export function readInfluxDBClustersFile(path: string): NamedInfluxDBSettings[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InfluxDBClustersFileError(`${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text near the error, which may be a password.
    throw new InfluxDBClustersFileError(`${path}: not valid JSON`);
  }
  const entries = isRecord(parsed) ? parsed['influxdb'] : undefined;
  if (!Array.isArray(entries) || entries.length === 0) throw new InfluxDBClustersFileError(`${path}: expected {"influxdb": [{"name": ..., "url": ...}, ...]}`);
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const fail = (reason: string): never => {
      throw new InfluxDBClustersFileError(`${path}: entry ${index + 1}${isRecord(entry) && typeof entry['name'] === 'string' ? ` (${JSON.stringify(entry['name'])})` : ''}: ${reason}`);
    };
    if (!isRecord(entry)) return fail('expected an object');
    const unknown = Object.keys(entry).find((key) => !FIELDS.has(key));
    if (unknown !== undefined) fail(`unknown field ${JSON.stringify(unknown)} (expected ${[...FIELDS].join(', ')})`);
    const { name, url, username, password, passwordFile } = entry;
    if (typeof name !== 'string' || !NAME.test(name)) return fail('"name" must be 1 to 100 letters, digits, ".", "_" or "-"');
    if (names.has(name)) fail('the name is given twice');
    names.add(name);
    if (typeof url !== 'string' || url.trim() === '') return fail('"url" must be a URL such as http://127.0.0.1:8086');
    if (username !== undefined && typeof username !== 'string') fail('"username" must be a string');
    if (password !== undefined && typeof password !== 'string') fail('"password" must be a string');
    if (passwordFile !== undefined && typeof passwordFile !== 'string') fail('"passwordFile" must be a string');
    if (password !== undefined && passwordFile !== undefined) fail('give "password" or "passwordFile", not both');
    if (entry['default'] !== undefined && typeof entry['default'] !== 'boolean') fail('"default" must be true or false');
    const secret = typeof passwordFile === 'string' ? readPasswordFile(passwordFile, path, fail) : (password as string | undefined);
    return {
      name,
      url: url.trim(),
      ...(typeof username === 'string' && username !== '' ? { username } : {}),
      ...(secret !== undefined && secret !== '' ? { password: secret } : {}),
      ...(entry['default'] === true ? { default: true } : {}),
    };
  });
}

function readPasswordFile(file: string, clustersFile: string, fail: (reason: string) => never): string {
  const resolved = resolve(dirname(clustersFile), file);
  try {
    return readFileSync(resolved, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    return fail(`"passwordFile" ${resolved}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
