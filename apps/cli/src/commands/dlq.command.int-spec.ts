import { deadLetterRecordOf, REPLAY_HEADER } from '@vigil/delivery';
import { EVENT_HEADERS } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisDeliveryLedger, type Redis } from '@vigil/redis';
import { kafkaBrokers, redisUrl, uniqueName } from '@vigil/testing';
import { main } from '../main';
import type { CommandIo } from './command-io';
import { runDlqWith } from './dlq.command';
import { letterOf } from './dlq-letters.test';

const logger = createLogger({ service: 'dlq-command-int-spec', level: 'warn' });

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('vigil dlq against real Kafka and Redis', () => {
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'dlq-command-int-spec', logger });
  const alertsTopic = uniqueName('vigil-test-alerts');
  const deadLetterTopic = uniqueName('vigil-test-dlq');
  const redisPrefix = uniqueName('vigil-test');
  const env = {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    REDIS_URL: redisUrl(),
    ALERTS_TOPIC: alertsTopic,
    DEAD_LETTER_TOPIC: deadLetterTopic,
    REDIS_KEY_PREFIX: redisPrefix,
  };
  let redis: Redis;
  let ledger: RedisDeliveryLedger;
  // Two events of two alert ids; ev-b died for both of its handlers.
  const letters = [letterOf('ev-a', 'alert-a', 0), letterOf('ev-b', 'alert-b', 0, { reason: 'HTTP 410' }), letterOf('ev-b', 'alert-b', 1)];

  async function dlq(...argv: string[]): Promise<Captured> {
    let stdout = '';
    let stderr = '';
    const io: CommandIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
    const code = await runDlqWith(argv, io, env);
    return { code, stdout, stderr };
  }

  const lines = (text: string) =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic: alertsTopic, partitions: 2 },
      { topic: deadLetterTopic, partitions: 2 },
    ]);
    const producer = new AckedProducer(kafka, logger);
    await producer.connect();
    await producer.send(deadLetterTopic, letters.map(deadLetterRecordOf));
    await producer.disconnect();
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'dlq-command-int-spec' });
    // The notifier's key layout: `<REDIS_KEY_PREFIX>:delivery:<eventId>:<handlerKey>`.
    ledger = new RedisDeliveryLedger({ redis, keyPrefix: `${redisPrefix}:` });
    for (const letter of letters) await ledger.markDead(letter.eventId, letter.target.key);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await quitRedis(redis);
  });

  it('lists every letter once, leaving the topic as it was', async () => {
    const listed = await dlq('list');
    expect(listed.code).toBe(0);
    const seen = lines(listed.stdout);
    expect(seen.map((line) => `${String(line['eventId'])} ${String(line['handlerKey'])} ${String(line['reason'])}`).sort()).toEqual([
      'ev-a 0:post endpoint answered HTTP 400',
      'ev-b 0:post HTTP 410',
      'ev-b 1:slack endpoint answered HTTP 400',
    ]);
    // Nothing was committed, so a second look sees the same letters.
    expect(lines((await dlq('list', '--json')).stdout)).toEqual(seen);
  });

  it('filters the list by event and handler', async () => {
    const listed = lines((await dlq('list', '--event', 'ev-b', '--handler', '1:slack')).stdout);
    expect(listed.map((line) => [line['eventId'], line['handlerKey'], line['kind'], line['level']])).toEqual([['ev-b', '1:slack', 'slack', 'CRITICAL']]);
    const none = await dlq('replay', '--event', 'no-such-event');
    expect([none.code, none.stdout]).toEqual([0, '']);
    expect(none.stderr).toMatch(/no dead letters matched/);
  });

  it('replays the pairs not delivered to the alerts topic, leaving the ledger to the notifier', async () => {
    await ledger.markDelivered('ev-a', '0:post');
    const dry = await dlq('replay', '--dry-run');
    expect(lines(dry.stdout).map((line) => `${String(line['eventId'])} ${String(line['handlerKey'])} ${String(line['outcome'])}`).sort()).toEqual([
      'ev-a 0:post skipped',
      'ev-b 0:post would-replay',
      'ev-b 1:slack would-replay',
    ]);
    expect(await ledger.settlement('ev-b', '0:post')).toBe('dead');

    const replayed = await dlq('replay');
    expect(replayed.code).toBe(0);
    expect(lines(replayed.stdout).filter((line) => line['outcome'] === 'replayed').map((line) => line['handlerKey'])).toEqual(['0:post', '1:slack']);
    const records = await readTopicSnapshot(kafka, alertsTopic, { groupId: uniqueName('dlq-int-reader'), logger });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?.key?.toString()).toBe('alert-b');
    expect(record?.value?.toString()).toBe(letters[1]?.json);
    expect(record?.headers[EVENT_HEADERS.eventId]).toBe('ev-b');
    expect(record?.headers[REPLAY_HEADER]).toBe('["0:post","1:slack"]');
    expect(record?.headers['vigil-dead-reason']).toBeUndefined();
    // The dead mark stays: the notifier delivers a replayed record's dead pairs, so a replay that
    // dies after its publish (or before) loses nothing.
    expect(await ledger.settlement('ev-b', '0:post')).toBe('dead');

    // Not delivered yet: a second replay publishes again (the notifier delivers the pair once).
    const again = await dlq('replay', '--event', 'ev-b');
    expect(lines(again.stdout).map((line) => line['outcome'])).toEqual(['replayed', 'replayed']);
    expect(await readTopicSnapshot(kafka, alertsTopic, { groupId: uniqueName('dlq-int-reader'), logger })).toHaveLength(2);

    // Delivered (as the notifier marks it): nothing more goes out.
    await ledger.markDelivered('ev-b', '0:post');
    await ledger.markDelivered('ev-b', '1:slack');
    const done = await dlq('replay', '--event', 'ev-b');
    expect(lines(done.stdout).map((line) => `${String(line['outcome'])} ${String(line['why'])}`)).toEqual(['skipped delivered since', 'skipped delivered since']);
    expect(await readTopicSnapshot(kafka, alertsTopic, { groupId: uniqueName('dlq-int-reader'), logger })).toHaveLength(2);
  });

  it('says which brokers it could not reach and exits 1', async () => {
    let stderr = '';
    const io: CommandIo = { stdout: () => undefined, stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
    const code = await runDlqWith(['list'], io, { ...env, KAFKA_BROKERS: '127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot use Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\)/);
  });

  it('reports usage errors through the CLI with exit 1', async () => {
    let stderr = '';
    const io: CommandIo = { stdout: () => undefined, stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
    expect(await main(['dlq', 'replay', '--nope'], io)).toBe(1);
    expect(stderr).toMatch(/unknown option --nope/);
  });
});
