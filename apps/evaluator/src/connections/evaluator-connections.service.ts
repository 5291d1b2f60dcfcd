import { Inject, Injectable } from '@nestjs/common';
import {
  AckedProducer,
  BatchConsumer,
  createKafka,
  createPointCodec,
  ensureTopics,
  type PartitionBatch,
  type PointCodec,
} from '@vigil/kafka';
import { Counter, Gauge, Readiness, Registry, type Logger } from '@vigil/observability';
import { connectRedis, isRedisReady, quitRedis, type Redis } from '@vigil/redis';
import { EVALUATOR_CONFIG, LOGGER } from '../app.tokens';
import type { EvaluatorConfig } from '../config';

/**
 * The evaluator's links to the outside: a member of the points consumer group, the producer for
 * alert events, Redis for state checkpoints, and the point codec. For now a batch is decoded and
 * counted; the engine plugs in at `handleBatch`, and per-partition state restore and flush at
 * the assignment hooks, which run before the partition's first batch.
 */
@Injectable()
export class EvaluatorConnections {
  private consumer: BatchConsumer | undefined;
  private producer: AckedProducer | undefined;
  private redis: Redis | undefined;
  private codec: PointCodec | undefined;
  private readonly pointsConsumed: Counter;
  private readonly pointsUndecodable: Counter;
  private readonly partitionsOwned: Gauge;

  constructor(
    @Inject(EVALUATOR_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: Readiness,
    registry: Registry,
  ) {
    readiness.add({ name: 'kafka-consumer', isReady: () => this.consumer?.isReady() ?? false });
    readiness.add({ name: 'kafka-producer', isReady: () => this.producer?.isConnected() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
    this.pointsConsumed = new Counter({
      name: 'vigil_evaluator_points_consumed_total',
      help: 'Points read from the points topic and decoded.',
      registers: [registry],
    });
    this.pointsUndecodable = new Counter({
      name: 'vigil_evaluator_points_undecodable_total',
      help: 'Messages on the points topic that were not valid points and were skipped.',
      registers: [registry],
    });
    this.partitionsOwned = new Gauge({
      name: 'vigil_evaluator_partitions_owned',
      help: 'Points-topic partitions this evaluator owns.',
      registers: [registry],
    });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: config.KAFKA_CLIENT_ID });
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    const replicationFactor = config.KAFKA_REPLICATION_FACTOR;
    const topics = await ensureTopics(kafka, [
      { topic: config.POINTS_TOPIC, partitions: config.POINTS_PARTITIONS, replicationFactor },
      { topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor },
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');
    this.codec = await createPointCodec({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: config.POINTS_TOPIC });
    this.producer = new AckedProducer(kafka, logger);
    await this.producer.connect();
    this.consumer = new BatchConsumer(kafka, logger, {
      groupId: config.EVALUATOR_GROUP_ID,
      topics: [config.POINTS_TOPIC],
      handleBatch: (batch) => this.handleBatch(batch),
      onAssigned: async (partitions) => this.partitionsOwned.inc(partitions.length),
      onRevoked: async (partitions) => this.partitionsOwned.dec(partitions.length),
    });
    await this.consumer.start();
  }

  /** Stops consuming (the batch in progress finishes and commits), then disconnects everything. */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    await this.consumer?.stop();
    await this.producer?.disconnect();
    if (this.redis) await quitRedis(this.redis);
  }

  private async handleBatch(batch: PartitionBatch): Promise<void> {
    const codec = this.codec;
    if (!codec) throw new Error('point codec used before start');
    let decoded = 0;
    let firstBad: { offset: string; error: unknown } | undefined;
    let bad = 0;
    for (const message of batch.messages) {
      if (batch.isStale()) return;
      try {
        if (message.value === null) throw new Error('empty message value');
        await codec.decode(message.value);
        decoded += 1;
      } catch (error) {
        bad += 1;
        firstBad ??= { offset: message.offset, error };
      }
    }
    if (firstBad) {
      // One line per batch, not per message: a producer writing the wrong format would otherwise
      // log once per point.
      this.pointsUndecodable.inc(bad);
      this.logger.warn(
        { topic: batch.topic, partition: batch.partition, offset: firstBad.offset, skipped: bad, err: firstBad.error },
        'skipped messages that are not points',
      );
    }
    this.pointsConsumed.inc(decoded);
  }
}
