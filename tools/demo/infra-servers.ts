import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** Where Kafka and Redis are, and which of them the demo had to start (and so stops again). */
export interface InfraServers {
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly startedByDemo: readonly string[];
}

const SERVICES = ['kafka', 'redis'] as const;

/**
 * Finds Kafka and Redis the way the tests do: KAFKA_BROKERS and REDIS_URL from the environment
 * win; otherwise the addresses `npm run infra -- up` wrote to .vigil/infra/env, when they answer;
 * otherwise `npm run infra -- up kafka redis` starts them (Kafka from Maven Central jars, the first
 * time a download of a minute or so), and the demo remembers to stop them when it ends.
 */
export async function findOrStartInfra(root: string, say: (what: string, detail: string) => void): Promise<InfraServers> {
  const fromEnv = { kafkaBrokers: process.env['KAFKA_BROKERS']?.trim() ?? '', redisUrl: process.env['REDIS_URL']?.trim() ?? '' };
  if (fromEnv.kafkaBrokers !== '' && fromEnv.redisUrl !== '') {
    say('infra', `Kafka ${fromEnv.kafkaBrokers}, Redis ${fromEnv.redisUrl} (from KAFKA_BROKERS and REDIS_URL)`);
    return { ...fromEnv, startedByDemo: [] };
  }
  const recorded = readInfraEnv(root);
  if (recorded && (await reachable(recorded.kafkaBrokers)) && (await reachable(redisAddress(recorded.redisUrl)))) {
    say('infra', `Kafka ${recorded.kafkaBrokers}, Redis ${recorded.redisUrl} (running, from .vigil/infra/env)`);
    return { ...recorded, startedByDemo: [] };
  }
  const before = SERVICES.filter((service) => infra(root, ['running', service]).status === 0);
  say('infra', 'starting Kafka and Redis with `npm run infra -- up kafka redis` (the first start downloads Kafka)');
  const up = infra(root, ['up', ...SERVICES], 'inherit');
  const startedByDemo = SERVICES.filter((service) => !before.includes(service) && infra(root, ['running', service]).status === 0);
  const started = readInfraEnv(root);
  if (up.status !== 0 || !started) {
    stopInfra(root, startedByDemo);
    throw new Error('`npm run infra -- up kafka redis` failed: its lines above say why (docs/infra.md lists what it needs: Java 17+, Maven, redis-server)');
  }
  say('infra', `Kafka ${started.kafkaBrokers}, Redis ${started.redisUrl}${startedByDemo.length > 0 ? ` (started: ${startedByDemo.join(', ')}; stopped again at the end)` : ''}`);
  return { ...started, startedByDemo };
}

/** `npm run infra -- down` for the servers the demo started, and only those. */
export function stopInfra(root: string, services: readonly string[]): void {
  if (services.length > 0) infra(root, ['down', ...services], 'inherit');
}

function infra(root: string, args: readonly string[], stdio: 'ignore' | 'inherit' = 'ignore') {
  return spawnSync('bash', [join(root, 'tools/infra/infra.sh'), ...args], { cwd: root, stdio: ['ignore', stdio, stdio] });
}

function readInfraEnv(root: string): { kafkaBrokers: string; redisUrl: string } | undefined {
  const file = join(root, '.vigil/infra/env');
  if (!existsSync(file)) return undefined;
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1]) values.set(match[1], (match[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  const kafkaBrokers = values.get('KAFKA_BROKERS') ?? '';
  const redisUrl = values.get('REDIS_URL') ?? '';
  return kafkaBrokers !== '' && redisUrl !== '' ? { kafkaBrokers, redisUrl } : undefined;
}

function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/** True when the first `host:port` of a comma-separated list accepts a TCP connection within 2 s. */
function reachable(addresses: string): Promise<boolean> {
  const [first = ''] = addresses.split(',');
  const colon = first.lastIndexOf(':');
  const host = first.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(first.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
