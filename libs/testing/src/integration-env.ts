import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the integration servers are. The addresses come from the environment; only when none of
 * KAFKA_BROKERS, REDIS_URL and SCHEMA_REGISTRY_URL is set is the file written by
 * `npm run infra -- up` (`.vigil/infra/env`, `NAME=value` lines) read instead, so
 * `npm run test:int` works right after starting the servers, and an explicit environment is
 * never mixed with addresses from the file.
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

/**
 * The schema registry's Confluent-compatible API, or undefined when none is configured (registry
 * tests then skip). The test servers run Apicurio, and `npm run infra` records its bare address
 * (`http://127.0.0.1:8081`); Apicurio serves the Confluent API under `/apis/ccompat/v7`, so a URL
 * without a path gets that path. A URL with a path is used as given, which is what the services'
 * SCHEMA_REGISTRY_URL expects.
 */
export function schemaRegistryUrl(): string | undefined {
  const value = lookup('SCHEMA_REGISTRY_URL');
  if (value === undefined) return undefined;
  const url = new URL(value);
  return url.pathname === '/' ? `${url.origin}${APICURIO_CCOMPAT_PATH}` : value;
}

const APICURIO_CCOMPAT_PATH = '/apis/ccompat/v7';

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

function required(name: 'KAFKA_BROKERS' | 'REDIS_URL'): string {
  const value = lookup(name);
  if (value === undefined) {
    throw new Error(
      `${name} is not set: start the servers with \`npm run infra -- up\` (which writes .vigil/infra/env) or export ${name}`,
    );
  }
  return value;
}

const SERVER_VARIABLES = ['KAFKA_BROKERS', 'REDIS_URL', 'SCHEMA_REGISTRY_URL'] as const;

function lookup(name: (typeof SERVER_VARIABLES)[number]): string | undefined {
  const fromEnv = (variable: string) => {
    const value = process.env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  if (SERVER_VARIABLES.some((variable) => fromEnv(variable) !== undefined)) return fromEnv(name);
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
