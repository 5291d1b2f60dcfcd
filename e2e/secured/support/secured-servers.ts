import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kafkaSecurityEnv, parseEnv, redisSecurityEnv, urlVar, withTransportSecurity, type TransportSecurity } from '@vigil/config';
import { createKafka, ensureTopics } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { connectRedis, type Redis } from '@vigil/redis';
import { repositoryRoot, waitFor } from '@vigil/testing';

const run = promisify(execFile);

/**
 * A Kafka broker with only a SASL_SSL listener and a TLS-only redis-server with an ACL user,
 * started for one test file by tools/infra/secured/secured.sh on ports of their own (the shared
 * plaintext servers stay as they are) and removed again by `stop`. Both require a client
 * certificate from the test CA the script makes.
 */
export class SecuredServers {
  private constructor(
    private readonly dir: string,
    /** The variables a vigil service sets to reach both: SASL_SSL with SCRAM-SHA-512, rediss with an ACL user. */
    readonly env: Readonly<Record<string, string>>,
  ) {}

  /** Starts both servers and warms the broker up; `logger` is for the warm-up's clients. */
  static async start(logger: Logger): Promise<SecuredServers> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-secured-'));
    try {
      await run('bash', [join(repositoryRoot(), 'tools/infra/secured/secured.sh'), 'up', dir], { cwd: repositoryRoot() });
    } catch (error) {
      await SecuredServers.down(dir);
      throw new Error(`secured servers did not start: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
    const servers = new SecuredServers(dir, envFileOf(join(dir, 'env')));
    await servers.warmUp(logger);
    return servers;
  }

  /** A file under the servers' folder, e.g. `secrets/kafka-plain-password`. */
  path(relative: string): string {
    return join(this.dir, relative);
  }

  /** The clients' security, parsed from `env` by the same code the services run. */
  security(env: Readonly<Record<string, string>> = this.env): TransportSecurity {
    const shape = { ...kafkaSecurityEnv(), REDIS_URL: urlVar(['redis:', 'rediss:']), ...redisSecurityEnv() };
    return withTransportSecurity('secured test', parseEnv('secured test', shape, env));
  }

  kafka(clientId: string, logger: Logger) {
    return createKafka({ brokers: [this.env['KAFKA_BROKERS'] ?? ''], clientId, logger, security: this.security().kafkaSecurity });
  }

  redis(connectionName: string, logger: Logger): Promise<Redis> {
    return connectRedis({ url: this.env['REDIS_URL'] ?? '', logger, connectionName, security: this.security().redisSecurity });
  }

  /**
   * One record through a consumer group over the SASL_SSL listener, as `npm run infra` warms its
   * broker (kafka-smoke.mjs): the group coordinator's internal topic then exists before the
   * services' consumer groups need it, instead of failing their first join.
   */
  private async warmUp(logger: Logger): Promise<void> {
    const kafka = this.kafka('vigil-secured-warm-up', logger);
    const topic = 'vigil.secured.warm-up';
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'warm-up' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'vigil-secured-warm-up' });
    let received = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => void (received += 1) });
    try {
      await waitFor(() => received > 0, { timeoutMs: 60_000, what: 'the warm-up record through a consumer group' });
    } finally {
      await consumer.disconnect();
    }
  }

  async stop(): Promise<void> {
    await SecuredServers.down(this.dir);
  }

  private static async down(dir: string): Promise<void> {
    await run('bash', [join(repositoryRoot(), 'tools/infra/secured/secured.sh'), 'down', dir]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** NAME=value lines. */
function envFileOf(path: string): Record<string, string> {
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}
