import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createPointsTopicDecoder, httpOutKeyPrefix, repartitionTopicOf, TaskStatisticsBook, taskStatisticsKeyPrefix, udfSignaturesKey, type CheckpointStore, type TaskDefinition } from '@vigil/evaluation';
import { AckedProducer, avroPointDecoder, CheckpointedConsumer, CompactedTopicFollower, createKafka, ensureTopics, kafkaClusterId, PartitionOffsets, type KeyedRecord } from '@vigil/kafka';
import { Gauge, Readiness, Registry, type Logger } from '@vigil/observability';
import { connectRedis, followLogLevel, followSideloadReload, isRedisReady, quitRedis, RedisCheckpointStore, RedisServerRecords, RedisTaskRecords, RedisTaskStatistics, type BroadcastSubscription, type Redis } from '@vigil/redis';
import { createEngineRegistry, SideloadSources } from '@vigil/tick-engine';
import { declaredUdfSignatures } from '@vigil/tick-lang';
import { EVALUATOR_CONFIG, LOGGER } from '../app.tokens';
import { BatchOwner, streamTasksOf } from '../batch/batch-owner';
import type { EvaluatorConfig } from '../config';
import { EvaluatorMetrics } from '../evaluation/evaluator-metrics';
import { PartitionOwners } from '../evaluation/partition-owners';
import { ProducerRecordSink } from '../evaluation/producer-record-sink';
import { evaluatorServerInfo } from '../server-info/evaluator-server-info';
import { EvaluatorHttpOut } from '../http-out/evaluator-http-out';
import { HttpOutPublisher } from '../http-out/http-out-publisher';
import { reloadEvaluatorSideloads } from '../sideload/evaluator-sideload-reload';
import { TaskStatisticsPublisher } from '../statistics/task-statistics-publisher';
import { EvaluatorTasks } from '../tasks/evaluator-tasks';
import { allowlistGuard, httpPostEndpointsOf } from '../tasks/handler-allowlist';
import { readTaskFiles } from '../tasks/task-files';
import { UdfSignaturesPublisher } from '../udf/udf-signatures-publisher';

/**
 * The evaluator's links to the outside and their wiring: the tasks (TASKS_DIR's files and the
 * tasks topic, followed from its oldest record for as long as the evaluator runs), Redis for
 * checkpoints, the producer for events and forwarded points, and one consumer-group member over
 * the points topic and the repartition topics, whose partitions PartitionOwners evaluates. A task
 * change read from the tasks topic is applied on every owned partition at its batch boundary; one
 * that adds or removes a repartition topic also makes this member leave and join the group again
 * with the new topics (a rebalance, not a restart: every partition restores from its checkpoint).
 */
@Injectable()
export class EvaluatorConnections {
  private consumer: CheckpointedConsumer | undefined;
  private producer: AckedProducer | undefined;
  private offsets: PartitionOffsets | undefined;
  private redis: Redis | undefined;
  private owners: PartitionOwners | undefined;
  private batches: BatchOwner | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly metrics: EvaluatorMetrics;
  private tasks: EvaluatorTasks | undefined;
  private tasksFollower: CompactedTopicFollower | undefined;
  private kafka: ReturnType<typeof createKafka> | undefined;
  /** The topics the consumer is subscribed to (the points topic and the repartition topics). */
  private subscribed: readonly string[] = [];
  private readonly tasksApplied: Gauge;
  private statisticsPublisher: TaskStatisticsPublisher | undefined;
  /** The tasks' httpOut rows of this evaluator, published with the statistics' interval. */
  private readonly httpOut = new EvaluatorHttpOut(Date.now);
  private httpOutPublisher: HttpOutPublisher | undefined;
  private logLevel: BroadcastSubscription | undefined;
  /** The sideload nodes of the tasks this evaluator runs, read again on a deployment's sideload reload. */
  private readonly sideloads = new SideloadSources();
  private sideloadReload: BroadcastSubscription | undefined;
  private udfSignatures: UdfSignaturesPublisher | undefined;

  constructor(
    @Inject(EVALUATOR_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: Readiness,
    registry: Registry,
  ) {
    readiness.add({ name: 'kafka-consumer', isReady: () => this.consumer?.isReady() ?? false, failure: () => this.consumer?.failure()?.message });
    readiness.add({ name: 'kafka-producer', isReady: () => this.producer?.isConnected() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
    this.metrics = new EvaluatorMetrics(registry, () => this.owners?.taskGroups() ?? new Map());
    this.tasksApplied = new Gauge({ name: 'vigil_evaluator_tasks_applied_offset', help: 'Offset of the last tasks-topic record this evaluator applies on every partition it owns', registers: [registry] });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    this.tasks = this.loadTasks();

    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: config.KAFKA_CLIENT_ID, security: config.redisSecurity, topology: config.redisTopology });
    // `kapacitor level` sent through ingest sets this evaluator's level too (docs/control-plane.md).
    this.logLevel = await followLogLevel(this.redis, config.ALERTS_TOPIC, logger);
    // `POST /kapacitor/v1/sideload/reload` sent through ingest (docs/control-plane.md, Sideload reload).
    this.sideloadReload = await followSideloadReload(this.redis, config.ALERTS_TOPIC, logger, (message) => reloadEvaluatorSideloads(this.sideloads, message, logger));
    const checkpoints = new RedisCheckpointStore(this.redis, { prefix: config.CHECKPOINT_KEY_PREFIX, groupId: config.EVALUATOR_GROUP_ID });
    await checkpoints.prepare();
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, security: config.kafkaSecurity });
    this.kafka = kafka;
    const replicationFactor = config.KAFKA_REPLICATION_FACTOR;
    await ensureTopics(kafka, [{ topic: config.TASKS_TOPIC, partitions: 1, replicationFactor, configEntries: { 'cleanup.policy': 'compact' } }]);
    // The whole tasks topic is read before any point: the evaluator starts with every task it will run.
    this.tasksFollower = new CompactedTopicFollower(kafka, logger, {
      topic: config.TASKS_TOPIC,
      groupId: `${config.EVALUATOR_GROUP_ID}.tasks.${randomUUID()}`,
      onRecords: (records) => this.onTaskRecords(records),
    });
    await this.tasksFollower.start();
    const tasks = this.tasks.current();
    this.logPlacements(tasks);
    const repartitionTopics = this.repartitionTopicsOf(tasks);
    const topics = await ensureTopics(kafka, [
      { topic: config.POINTS_TOPIC, partitions: config.POINTS_PARTITIONS, replicationFactor },
      { topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor },
      ...[...repartitionTopics.values()].map((topic) => ({ topic, partitions: config.REPARTITION_PARTITIONS, replicationFactor })),
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');

    // The evaluator only reads Avro, so it never registers a schema (writers do).
    const decoder = createPointsTopicDecoder(config, avroPointDecoder);
    this.producer = new AckedProducer(kafka, logger);
    await this.producer.connect();
    this.offsets = new PartitionOffsets(kafka, config.EVALUATOR_GROUP_ID);
    await this.offsets.connect();
    const serverInfo = evaluatorServerInfo(await kafkaClusterId(kafka), config.SERVER_ID, config.PORT);
    logger.info({ clusterId: serverInfo.clusterID, serverId: serverInfo.serverID }, 'alert templates see this cluster and server id');
    const statistics = new TaskStatisticsBook();
    this.statisticsPublisher = new TaskStatisticsPublisher({
      store: new RedisTaskStatistics(this.redis, taskStatisticsKeyPrefix(config.TASKS_TOPIC)),
      book: statistics,
      serverId: serverInfo.serverID,
      intervalMs: config.EVALUATOR_STATS_INTERVAL_MS,
      nowMs: Date.now,
      logger,
    });
    this.httpOut.retain(tasks);
    this.httpOutPublisher = new HttpOutPublisher({
      store: new RedisTaskRecords(this.redis, httpOutKeyPrefix(config.TASKS_TOPIC)),
      results: this.httpOut,
      serverId: serverInfo.serverID,
      intervalMs: config.EVALUATOR_STATS_INTERVAL_MS,
      nowMs: Date.now,
      logger,
    });
    const engine = { registry: createEngineRegistry({ serverInfo }, undefined, httpPostEndpointsOf(config.handlerAllowlist), this.sideloads), statistics };
    const batches = new BatchOwner({
      pointsTopic: config.POINTS_TOPIC,
      alertsTopic: config.ALERTS_TOPIC,
      store: this.timed(checkpoints),
      sink: new ProducerRecordSink(this.producer),
      sources: config.batchSources,
      intervalMs: config.EVALUATOR_TICK_INTERVAL_MS,
      retryDelayMs: 1_000,
      nowMs: Date.now,
      logger,
      observer: this.metrics.evaluation,
      runs: this.metrics.evaluation,
      engine,
      httpOut: this.httpOut,
    });
    await batches.setTasks(tasks);
    this.batches = batches;
    const owners = new PartitionOwners({
      tasks: streamTasksOf(tasks),
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
      engine,
      httpOut: this.httpOut,
    });
    this.owners = owners;
    await this.startConsumer([config.POINTS_TOPIC, ...repartitionTopics.values()]);
    this.statisticsPublisher.start();
    this.httpOutPublisher.start();
    // Ingest checks tasks using `@name()` against the functions the running evaluators declared.
    this.udfSignatures = new UdfSignaturesPublisher({
      store: new RedisServerRecords(this.redis, udfSignaturesKey(config.TASKS_TOPIC)),
      functions: declaredUdfSignatures(),
      serverId: serverInfo.serverID,
      intervalMs: config.EVALUATOR_STATS_INTERVAL_MS,
      nowMs: Date.now,
      logger,
    });
    this.udfSignatures.start();
    this.ticker = setInterval(() => this.tick(), config.EVALUATOR_TICK_INTERVAL_MS);
  }

  /** One member of the evaluators' group over `topics`. */
  private async startConsumer(topics: readonly string[]): Promise<void> {
    const { config, logger } = this;
    const owners = this.owners as PartitionOwners;
    this.subscribed = topics;
    this.consumer = new CheckpointedConsumer(this.kafka as ReturnType<typeof createKafka>, logger, {
      groupId: config.EVALUATOR_GROUP_ID,
      topics: [...topics],
      concurrency: config.EVALUATOR_CONCURRENCY,
      // A member that died is noticed after the session timeout; heartbeats go ten times as often.
      sessionTimeoutMs: config.EVALUATOR_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: Math.max(300, Math.floor(config.EVALUATOR_SESSION_TIMEOUT_MS / 10)),
      maxBytesPerPartition: config.EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION,
      onChange: (_change, owned) => this.metrics.rebalanced(owned.length),
      onAssigned: async (partitions) => {
        const starts = await owners.onAssigned(partitions);
        await this.batches?.onAssigned(partitions);
        return starts;
      },
      onRevoked: async (partitions) => {
        await this.batches?.onRevoked(partitions);
        await owners.onRevoked(partitions);
      },
      handleBatch: (batch) => owners.handleBatch(batch),
    });
    await this.consumer.start();
  }

  /**
   * Applies tasks-topic records: the follower waits for this before it reads on, so changes are
   * applied one after the other, in the topic's order. Before the evaluator runs (the boot's read
   * of the topic) they only build the starting set.
   */
  private async onTaskRecords(records: readonly KeyedRecord[]): Promise<void> {
    const tasks = this.tasks as EvaluatorTasks;
    const change = tasks.apply(records);
    const last = records[records.length - 1];
    const owners = this.owners;
    if (change && owners) {
      const { config } = this;
      this.logPlacements(change.definitions.filter((task) => change.changed.has(task.name)));
      const repartitionTopics = this.repartitionTopicsOf(change.definitions);
      const topics = [config.POINTS_TOPIC, ...repartitionTopics.values()];
      const resubscribe = topics.length !== this.subscribed.length || topics.some((topic) => !this.subscribed.includes(topic));
      if (resubscribe) {
        await ensureTopics(this.kafka as ReturnType<typeof createKafka>, [...repartitionTopics.values()].map((topic) => ({ topic, partitions: config.REPARTITION_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR })));
      }
      this.httpOut.retain(change.definitions);
      await owners.replaceTasks(streamTasksOf(change.definitions), repartitionTopics, change.changed);
      await this.batches?.setTasks(change.definitions);
      if (resubscribe) {
        this.logger.info({ topics }, 'repartition topics changed; rejoining the group with the new topics');
        await this.consumer?.stop();
        await this.startConsumer(topics);
      }
      this.logger.info({ tasks: change.definitions.map((task) => task.name), changed: [...change.changed] }, 'tasks changed; every owned partition runs the new set');
    }
    if (last) this.tasksApplied.set(Number(last.offset));
  }

  private repartitionTopicsOf(tasks: readonly TaskDefinition[]): Map<string, string> {
    return new Map(tasks.filter((task) => task.placement.kind === 'repartition').map((task) => [task.name, repartitionTopicOf(this.config.REPARTITION_TOPIC_PREFIX, task.name)]));
  }

  /** Stops ticking and consuming (batches in flight finish and commit), then disconnects. */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    clearInterval(this.ticker);
    await this.ticking;
    await this.tasksFollower?.stop();
    await this.batches?.stop();
    await this.consumer?.stop();
    await this.statisticsPublisher?.stop();
    await this.httpOutPublisher?.stop();
    await this.udfSignatures?.stop();
    await this.logLevel?.stop();
    await this.sideloadReload?.stop();
    await this.offsets?.disconnect();
    await this.producer?.disconnect();
    if (this.redis) await quitRedis(this.redis);
  }

  /** TASKS_DIR's files, checked now: a file that does not compile, or names a handler the notifier would refuse, stops the boot with its line and column. */
  private loadTasks(): EvaluatorTasks {
    const dir = this.config.TASKS_DIR;
    if (dir === undefined) this.logger.info({ topic: this.config.TASKS_TOPIC }, 'TASKS_DIR is not set: the tasks are those of the task API');
    const files = dir === undefined ? [] : readTaskFiles(dir);
    if (dir !== undefined && files.length === 0) this.logger.warn({ dir }, 'TASKS_DIR holds no .tick files');
    return new EvaluatorTasks(files, this.config.PARTITION_KEYS, allowlistGuard(this.config.handlerAllowlist), this.logger);
  }

  private logPlacements(tasks: readonly TaskDefinition[]): void {
    for (const task of tasks) {
      const placement = task.placement;
      if (placement.kind === 'local') this.logger.info({ task: task.name }, 'task evaluated on the points topic partitions');
      else this.logger.info({ task: task.name, keyTags: placement.keyTags, reason: placement.reason }, 'task repartitioned by its group');
    }
  }

  /** Ticks run one at a time; a slow one makes the next interval skip rather than pile up. */
  private tick(): void {
    if (this.ticking || !this.owners) return;
    this.ticking = this.owners
      .tick()
      .then((seeks) => this.readAgain(seeks))
      .finally(() => {
        this.ticking = undefined;
      });
  }

  /** Moves the consumer back where a tick started a rebuild (a batch asks for its own seeks). */
  private readAgain(seeks: readonly { readonly partition: { topic: string; partition: number }; readonly offset: bigint }[]): void {
    for (const { partition, offset } of seeks) {
      try {
        this.consumer?.seek(partition, offset);
      } catch (error) {
        // Revoked meanwhile, or the consumer restarting: the next owner or batch seeks itself.
        this.logger.warn({ err: error, topic: partition.topic, partition: partition.partition, offset: offset.toString() }, 'could not move the consumer back for a rebuild; the next batch or owner of the partition asks again');
      }
    }
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
