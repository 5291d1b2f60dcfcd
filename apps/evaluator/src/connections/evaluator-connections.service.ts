import { Inject, Injectable } from '@nestjs/common';
import { defineTasks, MessageDecoder, repartitionTopicOf, type CheckpointStore, type TaskDefinition } from '@vigil/evaluation';
import { AckedProducer, avroPointDecoder, CheckpointedConsumer, createKafka, ensureTopics, JsonPointCodec, PartitionOffsets } from '@vigil/kafka';
import { Readiness, Registry, type Logger } from '@vigil/observability';
import { connectRedis, isRedisReady, quitRedis, RedisCheckpointStore, type Redis } from '@vigil/redis';
import { EVALUATOR_CONFIG, LOGGER } from '../app.tokens';
import type { EvaluatorConfig } from '../config';
import { EvaluatorMetrics } from '../evaluation/evaluator-metrics';
import { PartitionOwners } from '../evaluation/partition-owners';
import { ProducerRecordSink } from '../evaluation/producer-record-sink';
import { allowlistGuard } from '../tasks/handler-allowlist';
import { readTaskFiles } from '../tasks/task-files';

/**
 * The evaluator's links to the outside and their wiring: the tasks from TASKS_DIR, Redis for
 * checkpoints, the producer for events and forwarded points, and one consumer-group member over
 * the points topic and the repartition topics, whose partitions PartitionOwners evaluates.
 */
@Injectable()
export class EvaluatorConnections {
  private consumer: CheckpointedConsumer | undefined;
  private producer: AckedProducer | undefined;
  private offsets: PartitionOffsets | undefined;
  private redis: Redis | undefined;
  private owners: PartitionOwners | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly metrics: EvaluatorMetrics;

  constructor(
    @Inject(EVALUATOR_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: Readiness,
    registry: Registry,
  ) {
    readiness.add({ name: 'kafka-consumer', isReady: () => this.consumer?.isReady() ?? false });
    readiness.add({ name: 'kafka-producer', isReady: () => this.producer?.isConnected() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
    this.metrics = new EvaluatorMetrics(registry, () => this.owners?.taskGroups() ?? new Map());
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    const tasks = this.loadTasks();
    const repartitionTopics = new Map(tasks.filter((task) => task.placement.kind === 'repartition').map((task) => [task.name, repartitionTopicOf(config.REPARTITION_TOPIC_PREFIX, task.name)]));

    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: config.KAFKA_CLIENT_ID, security: config.redisSecurity });
    const checkpoints = new RedisCheckpointStore(this.redis, { prefix: config.CHECKPOINT_KEY_PREFIX, groupId: config.EVALUATOR_GROUP_ID });
    await checkpoints.prepare();
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, security: config.kafkaSecurity });
    const replicationFactor = config.KAFKA_REPLICATION_FACTOR;
    const topics = await ensureTopics(kafka, [
      { topic: config.POINTS_TOPIC, partitions: config.POINTS_PARTITIONS, replicationFactor },
      { topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor },
      ...[...repartitionTopics.values()].map((topic) => ({ topic, partitions: config.REPARTITION_PARTITIONS, replicationFactor })),
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');

    const json = new JsonPointCodec();
    // The evaluator only reads Avro, so it never registers a schema (writers do).
    const avro = config.SCHEMA_REGISTRY_URL === undefined ? undefined : avroPointDecoder(config.SCHEMA_REGISTRY_URL);
    const decoder = new MessageDecoder({
      defaultDatabase: config.POINTS_DEFAULT_DATABASE,
      defaultRetentionPolicy: config.POINTS_DEFAULT_RETENTION_POLICY,
      json: (value) => json.decode(value),
      ...(avro ? { avro } : {}),
    });
    this.producer = new AckedProducer(kafka, logger);
    await this.producer.connect();
    this.offsets = new PartitionOffsets(kafka, config.EVALUATOR_GROUP_ID);
    await this.offsets.connect();
    const owners = new PartitionOwners({
      tasks,
      pointsTopic: config.POINTS_TOPIC,
      alertsTopic: config.ALERTS_TOPIC,
      repartitionTopics,
      store: this.timed(checkpoints),
      sink: new ProducerRecordSink(this.producer),
      decoder,
      offsets: this.offsets,
      metrics: this.metrics,
      logger,
      nowMs: Date.now,
      ...(config.EVALUATOR_REBUILD_MAX_RECORDS > 0 ? { rebuildMaxRecords: BigInt(config.EVALUATOR_REBUILD_MAX_RECORDS) } : {}),
      groups: { idleBatches: config.EVALUATOR_GROUP_IDLE_BATCHES, expire: config.EVALUATOR_GROUP_EXPIRY === 'quiet', maxGroups: config.EVALUATOR_MAX_GROUPS_PER_TASK },
      retryWindowPoints: config.EVALUATOR_RETRY_WINDOW_POINTS,
    });
    this.owners = owners;
    this.consumer = new CheckpointedConsumer(kafka, logger, {
      groupId: config.EVALUATOR_GROUP_ID,
      topics: [config.POINTS_TOPIC, ...repartitionTopics.values()],
      concurrency: config.EVALUATOR_CONCURRENCY,
      // A member that died is noticed after the session timeout; heartbeats go ten times as often.
      sessionTimeoutMs: config.EVALUATOR_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: Math.max(300, Math.floor(config.EVALUATOR_SESSION_TIMEOUT_MS / 10)),
      maxBytesPerPartition: config.EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION,
      onChange: (_change, owned) => this.metrics.rebalanced(owned.length),
      onAssigned: (partitions) => owners.onAssigned(partitions),
      onRevoked: (partitions) => owners.onRevoked(partitions),
      handleBatch: (batch) => owners.handleBatch(batch),
    });
    await this.consumer.start();
    this.ticker = setInterval(() => this.tick(), config.EVALUATOR_TICK_INTERVAL_MS);
  }

  /** Stops ticking and consuming (batches in flight finish and commit), then disconnects. */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    clearInterval(this.ticker);
    await this.ticking;
    await this.consumer?.stop();
    await this.offsets?.disconnect();
    await this.producer?.disconnect();
    if (this.redis) await quitRedis(this.redis);
  }

  private loadTasks(): TaskDefinition[] {
    const dir = this.config.TASKS_DIR;
    if (dir === undefined) {
      this.logger.warn('TASKS_DIR is not set: no tasks to evaluate');
      return [];
    }
    // Handlers the notifier would refuse stop the boot here, with the task's line and column.
    const tasks = defineTasks(readTaskFiles(dir), this.config.PARTITION_KEYS, allowlistGuard(this.config.handlerAllowlist));
    for (const task of tasks) {
      const placement = task.placement;
      if (placement.kind === 'local') this.logger.info({ task: task.name }, 'task evaluated on the points topic partitions');
      else this.logger.info({ task: task.name, keyTags: placement.keyTags, reason: placement.reason }, 'task repartitioned by its group');
    }
    if (tasks.length === 0) this.logger.warn({ dir }, 'TASKS_DIR holds no .tick files');
    return tasks;
  }

  /** Ticks run one at a time; a slow one makes the next interval skip rather than pile up. */
  private tick(): void {
    if (this.ticking || !this.owners) return;
    this.ticking = this.owners.tick().finally(() => {
      this.ticking = undefined;
    });
  }

  /** The checkpoint store with its save time recorded. */
  private timed(store: RedisCheckpointStore): CheckpointStore {
    return {
      load: (partition) => store.load(partition),
      readEntries: (partition, section, names) => store.readEntries(partition, section, names),
      scanEntries: (partition, section) => store.scanEntries(partition, section),
      save: async (partition, offset, write) => {
        const started = process.hrtime.bigint();
        const outcome = await store.save(partition, offset, write);
        this.metrics.checkpointSaved(Number(process.hrtime.bigint() - started) / 1e9);
        return outcome;
      },
    };
  }
}
