import { Inject, Injectable } from '@nestjs/common';
import { BatchConsumer, createKafka, ensureTopics, type PartitionBatch } from '@vigil/kafka';
import { Counter, Readiness, Registry, type Logger } from '@vigil/observability';
import { connectRedis, isRedisReady, quitRedis, type Redis } from '@vigil/redis';
import { LOGGER, NOTIFIER_CONFIG } from '../app.tokens';
import type { NotifierConfig } from '../config';

/**
 * The notifier's links to the outside: a member of the alerts consumer group and Redis (for
 * deduplication and retry state). For now each alert event is counted; the handler stages plug
 * in at `handleBatch`, whose success is what commits the events' offsets.
 */
@Injectable()
export class NotifierConnections {
  private consumer: BatchConsumer | undefined;
  private redis: Redis | undefined;
  private readonly eventsConsumed: Counter;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: Readiness,
    registry: Registry,
  ) {
    readiness.add({ name: 'kafka-consumer', isReady: () => this.consumer?.isReady() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
    this.eventsConsumed = new Counter({
      name: 'vigil_notifier_events_consumed_total',
      help: 'Alert events read from the alerts topic.',
      registers: [registry],
    });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: config.KAFKA_CLIENT_ID });
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    const topics = await ensureTopics(kafka, [
      { topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');
    this.consumer = new BatchConsumer(kafka, logger, {
      groupId: config.NOTIFIER_GROUP_ID,
      topics: [config.ALERTS_TOPIC],
      handleBatch: (batch) => this.handleBatch(batch),
    });
    await this.consumer.start();
  }

  /** Stops consuming (the batch in progress finishes and commits), then disconnects everything. */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    await this.consumer?.stop();
    if (this.redis) await quitRedis(this.redis);
  }

  private async handleBatch(batch: PartitionBatch): Promise<void> {
    this.eventsConsumed.inc(batch.messages.length);
  }
}
