import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';

export interface DemoResources {
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  /** Every topic of the run starts with this. */
  readonly topicPrefix: string;
  readonly groupIds: readonly string[];
  /** Every Redis key of the run (checkpoints, delivery ledger) starts with this. */
  readonly redisPrefix: string;
}

/**
 * Removes what a distributed demo run created on the shared servers (its topics, consumer groups
 * and Redis keys), so running the demo again and again leaves nothing behind. Each run uses names
 * of its own, so a rerun never reads an earlier run's points or alert levels in any case.
 */
export async function removeDemoResources(resources: DemoResources): Promise<void> {
  const kafka = new Kafka({ clientId: 'vigil-demo-cleanup', brokers: resources.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(resources.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    await admin.deleteGroups([...resources.groupIds]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const redis = new Redis(resources.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'vigil-demo-cleanup' });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${resources.redisPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
