import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@vigil/observability';
import { ensureTopics } from '@vigil/kafka';
import { quitRedis } from '@vigil/redis';
import { buildApp, exitWithin, freePort, startApp, startReadyApp, uniqueName, waitFor, type RunningProcess } from '@vigil/testing';
import { PROVIDER_KEYS, providerHealthTickPostingTo } from '../evaluator/support/provider-points';
import { SEED_CRITICAL, SEED_INFO, SEED_LINES } from '../evaluator/support/seed-scenario';
import { TestBroker } from '../notifier/support/test-broker';
import { killAll, waitUntilGroupCommitted } from '../support/throwaway-deployment';
import { SecuredServers } from './support/secured-servers';

/**
 * Issue 9, item 4: the whole pipeline against a Kafka broker that only speaks SASL_SSL (SCRAM,
 * client certificate required) and a Redis that only speaks TLS and only to an ACL user, each
 * service configured by its environment alone. The seed's payloads reach the HTTP receiver as in
 * the plaintext e2e (e2e/notifier/seed-delivery), and a wrong password stops a service at boot.
 */
describe('the pipeline over SASL_SSL Kafka and TLS Redis with an ACL user', () => {
  const id = uniqueName('vigil.e2e.secured');
  const logger = createLogger({ service: 'secured-e2e', level: 'warn' });
  const processes: RunningProcess[] = [];
  const tasksDir = mkdtempSync(join(tmpdir(), 'vigil-secured-tasks-'));
  let servers: SecuredServers;
  let receiver: TestBroker;

  beforeAll(async () => {
    for (const app of ['ingest', 'evaluator', 'notifier']) buildApp(app);
    servers = await SecuredServers.start(logger);
    // Created here, as the plaintext e2e deployments do, so the three services never race to.
    await ensureTopics(servers.kafka(`${id}.setup`, logger), [`${id}.points`, `${id}.alerts`, `${id}.dlq`].map((topic) => ({ topic, partitions: 3 })));
    receiver = await TestBroker.start();
    writeFileSync(join(tasksDir, 'provider_health.tick'), providerHealthTickPostingTo(receiver.url('/alerts')));
  }, 180_000);

  afterAll(async () => {
    await killAll(processes);
    await receiver?.close();
    await servers?.stop();
    rmSync(tasksDir, { recursive: true, force: true });
  });

  /** One deployment's shared variables: the secured servers and this test's topics. */
  const serviceEnv = (name: string): Record<string, string> => ({
    ...servers.env,
    LOG_LEVEL: 'warn',
    KAFKA_CLIENT_ID: `${id}.${name}`,
    POINTS_TOPIC: `${id}.points`,
    POINTS_PARTITIONS: '3',
    ALERTS_TOPIC: `${id}.alerts`,
    ALERTS_PARTITIONS: '3',
    PARTITION_KEYS: PROVIDER_KEYS,
  });

  const start = async (app: string, env: Record<string, string>) => {
    const { process, port } = await startReadyApp(app, app, env, 120_000);
    processes.push(process);
    return `http://127.0.0.1:${port}`;
  };

  it('delivers the seed payloads byte for byte, once each', async () => {
    const [ingest] = await Promise.all([
      start('ingest', serviceEnv('ingest')),
      start('evaluator', { ...serviceEnv('evaluator'), EVALUATOR_GROUP_ID: `${id}.evaluators`, TASKS_DIR: tasksDir, CHECKPOINT_KEY_PREFIX: id, POINTS_DEFAULT_DATABASE: 'vigil' }),
      start('notifier', { ...serviceEnv('notifier'), NOTIFIER_GROUP_ID: `${id}.notifiers`, DEAD_LETTER_TOPIC: `${id}.dlq`, REDIS_KEY_PREFIX: id }),
    ]);
    const response = await fetch(`${ingest}/write?db=vigil&rp=autogen`, { method: 'POST', body: SEED_LINES });
    expect(response.status).toBe(204);

    await waitFor(() => receiver.received().length >= 5, { timeoutMs: 120_000, intervalMs: 200, what: 'five deliveries' });
    // Every alert record settled and committed (read through the SASL_SSL listener): nothing more will come.
    await waitUntilGroupCommitted(servers.kafka(`${id}.check`, logger), {
      groupId: `${id}.notifiers`,
      topics: [`${id}.alerts`],
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every alert record settled and committed',
      processes: () => [],
    });
    const bodiesOf = (alertId: string) => receiver.received().map((post) => post.body).filter((body) => body.startsWith(`{"id":"${alertId}"`));
    expect(receiver.received()).toHaveLength(5);
    expect(bodiesOf('status_provedor_p1pa').slice(1)).toEqual([`${SEED_CRITICAL}\n`, `${SEED_INFO}\n`]);
    expect(bodiesOf('status_provedor_p1pb')).toHaveLength(2);

    // The evaluator's checkpoints and the notifier's ledger went to the secured Redis, as `vigil`.
    const redis = await servers.redis(`${id}.check`, logger);
    try {
      expect(await redis.call('ACL', 'WHOAMI')).toBe('vigil');
      const keys = await redis.keys(`${id}:*`);
      expect(keys.some((key) => key.includes(':delivery:'))).toBe(true);
      expect(keys.length).toBeGreaterThan(1);
    } finally {
      await quitRedis(redis);
    }
  }, 300_000);

  it.each([
    ['scram-sha-512', 'vigil'],
    ['plain', 'vigil-plain'],
  ])('stops a service at boot when the %s password is wrong, naming the failure but not the password', async (mechanism, username) => {
    const wrong = `not-the-password-${mechanism}`;
    const ingest = startApp('ingest', {
      ...serviceEnv(`wrong-${mechanism}`),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD_FILE: '',
      KAFKA_SASL_PASSWORD: wrong,
    });
    processes.push(ingest);
    const outcome = await exitWithin(ingest, 90_000);
    expect({ outcome, output: ingest.output().slice(-3000) }).toMatchObject({ outcome: 1 });
    expect(ingest.output()).toMatch(/authentication failed/i);
    expect(ingest.output()).not.toContain(wrong);
  }, 120_000);
});
