import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the integration servers are. Each address comes from the environment; when a variable is
 * unset, the file written by `npm run infra -- up` (`.vigil/infra/env`, `NAME=value` lines) is
 * consulted, so `npm run test:int` works right after starting the servers.
 */
export function kafkaBrokers(): string[] {
  return required('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

export function redisUrl(): string {
  return required('REDIS_URL');
}

/** The schema registry, or undefined when none is configured (registry tests then skip). */
export function schemaRegistryUrl(): string | undefined {
  return lookup('SCHEMA_REGISTRY_URL');
}

/** The three integration variables as an env object, to pass on to a child process. */
export function integrationEnv(): Record<string, string> {
  const env: Record<string, string> = { KAFKA_BROKERS: kafkaBrokers().join(','), REDIS_URL: redisUrl() };
  const registry = schemaRegistryUrl();
  if (registry !== undefined) env['SCHEMA_REGISTRY_URL'] = registry;
  return env;
}

/** The repository root (the folder holding package-lock.json), found from this file upwards. */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package-lock.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('repositoryRoot: no package-lock.json above ' + __dirname);
    dir = parent;
  }
  return dir;
}

function required(name: string): string {
  const value = lookup(name);
  if (value === undefined) {
    throw new Error(
      `${name} is not set: start the servers with \`npm run infra -- up\` (which writes .vigil/infra/env) or export ${name}`,
    );
  }
  return value;
}

function lookup(name: string): string | undefined {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const fromFile = infraFile()[name];
  return fromFile !== undefined && fromFile !== '' ? fromFile : undefined;
}

let infraFileCache: Record<string, string> | undefined;

function infraFile(): Record<string, string> {
  if (infraFileCache !== undefined) return infraFileCache;
  const path = join(repositoryRoot(), '.vigil', 'infra', 'env');
  infraFileCache = existsSync(path) ? parseEnvLines(readFileSync(path, 'utf8')) : {};
  return infraFileCache;
}

/** Reads `NAME=value` and `export NAME=value` lines; quotes around the value are removed. */
export function parseEnvLines(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1]) continue;
    const raw = (match[2] ?? '').trim();
    values[match[1]] = raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}
