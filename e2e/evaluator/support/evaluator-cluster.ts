import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Point } from '@vigil/core';
import { defineTasks, EVENT_HEADERS, parsePartitionKeys, partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics, type OutgoingMessage } from '@vigil/kafka';
import { formatPoint } from '@vigil/line-protocol';
import { createLogger, type Logger } from '@vigil/observability';
import { connectRedis, quitRedis, type Redis } from '@vigil/redis';
import { buildApp, httpGet, integrationEnv, kafkaBrokers, redisUrl, startReadyApp, uniqueName, waitFor, type RunningProcess } from '@vigil/testing';
import { killAll, removeLeftovers, waitUntilGroupCommitted } from '../../support/throwaway-deployment';
import type { AlertRecord } from './alert-oracle';

export interface ClusterOptions {
  /** Task name to TICKscript. */
  readonly tasks: Readonly<Record<string, string>>;
  readonly partitionKeys: string;
  readonly pointsPartitions: number;
  readonly repartitionPartitions?: number;
  /** EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION of the evaluators; default 16 KiB. */
  readonly fetchBytes?: number;
  /** REDIS_URL of the evaluators, e.g. a server the test restarts; default the shared one. */
  readonly redisUrl?: string;
  /** More Redis variables of the evaluators, e.g. REDIS_MODE and REDIS_CLUSTER_NODES for a Redis Cluster. */
  readonly redisEnv?: Readonly<Record<string, string>>;
  /** EVALUATOR_GROUP_IDLE_BATCHES; default 2, so groups leave memory and come back from Redis all the time. */
  readonly groupIdleBatches?: number;
  /** EVALUATOR_MAX_GROUPS_PER_TASK; default the evaluator's. */
  readonly maxGroupsPerTask?: number;
  /** More variables of the evaluators, e.g. HANDLERS_CONFIG_FILE. */
  readonly evaluatorEnv?: Readonly<Record<string, string>>;
}

export interface Evaluator {
  readonly name: string;
  readonly process: RunningProcess;
  readonly port: number;
}

/**
 * A throwaway evaluator deployment on the real Kafka and Redis: unique topics, consumer group and
 * Redis key prefix, a TASKS_DIR of its own, and evaluator processes built from the repository
 * (`apps/evaluator/dist`) that can be started, killed with SIGKILL and restarted.
 */
export class EvaluatorCluster {
  readonly id = uniqueName('vigil.e2e.eval');
  readonly pointsTopic = `${this.id}.points`;
  readonly alertsTopic = `${this.id}.alerts`;
  readonly repartitionPrefix = `${this.id}.repartition.`;
  readonly groupId = `${this.id}.evaluators`;
  /** The deployment's own tasks topic (Kapacitor's task API through ingest), so no other test's tasks reach its evaluators. */
  readonly tasksTopic = `${this.id}.tasks`;
  /** The deployment's own templates and topic-handlers topics (ingest's control plane; the notifiers follow the latter). */
  readonly templatesTopic = `${this.id}.templates`;
  readonly topicHandlersTopic = `${this.id}.topic-handlers`;
  readonly topicDeletionsTopic = `${this.id}.topic-deletions`;
  readonly recordingsTopic = `${this.id}.recordings`;
  readonly recordingDataTopic = `${this.id}.recording-data`;
  readonly replaysTopic = `${this.id}.replays`;
  readonly keys: PartitionKeys;
  readonly logger: Logger = createLogger({ service: 'evaluator-e2e', level: 'warn' });
  readonly evaluators: Evaluator[] = [];
  private readonly others: RunningProcess[] = [];
  private readonly tasksDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-tasks-'));
  private kafka: Kafka | undefined;
  private producer: AckedProducer | undefined;
  private started = 0;

  constructor(private readonly options: ClusterOptions) {
    this.keys = parsePartitionKeys(options.partitionKeys);
    for (const [name, script] of Object.entries(options.tasks)) writeFileSync(join(this.tasksDir, `${name}.tick`), script);
  }

  /** Builds the evaluator, creates the topics (so concurrent evaluators never race to) and connects a producer. */
  async setUp(): Promise<void> {
    buildApp('evaluator');
    this.kafka = createKafka({ brokers: kafkaBrokers(), clientId: `${this.id}.test`, logger: this.logger });
    const repartitioned = defineTasks(this.taskSources(), this.keys).filter((task) => task.placement.kind === 'repartition');
    await ensureTopics(this.kafka, [
      { topic: this.pointsTopic, partitions: this.options.pointsPartitions },
      { topic: this.alertsTopic, partitions: 3 },
      ...repartitioned.map((task) => ({ topic: `${this.repartitionPrefix}${task.name}`, partitions: this.options.repartitionPartitions ?? 3 })),
    ]);
    this.producer = new AckedProducer(this.kafka, this.logger);
    await this.producer.connect();
  }

  /** Kills the processes and removes what the deployment left: topics, checkpoints, the task folder. */
  async tearDown(): Promise<void> {
    await killAll([...this.evaluators.map((evaluator) => evaluator.process), ...this.others]);
    await this.producer?.disconnect().catch(() => undefined);
    rmSync(this.tasksDir, { recursive: true, force: true });
    const redis = await connectRedis({ url: redisUrl(), logger: this.logger, connectionName: `${this.id}.cleanup` });
    try {
      await removeLeftovers(this.id, redis, this.kafka);
    } finally {
      await quitRedis(redis);
    }
  }

  /** Starts one evaluator process and waits until it is ready (a member of the group). */
  async startEvaluator(): Promise<Evaluator> {
    this.started += 1;
    const name = `evaluator-${this.started}`;
    const { process, port } = await startReadyApp('evaluator', name, {
      ...integrationEnv(),
      ...(this.options.redisUrl === undefined ? {} : { REDIS_URL: this.options.redisUrl }),
      ...this.options.redisEnv,
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `${this.id}.${name}`,
      EVALUATOR_GROUP_ID: this.groupId,
      POINTS_TOPIC: this.pointsTopic,
      POINTS_PARTITIONS: String(this.options.pointsPartitions),
      ALERTS_TOPIC: this.alertsTopic,
      ALERTS_PARTITIONS: '3',
      TASKS_DIR: this.tasksDir,
      TASKS_TOPIC: this.tasksTopic,
      REPLAYS_TOPIC: this.replaysTopic,
      RECORDINGS_TOPIC: this.recordingsTopic,
      RECORDING_DATA_TOPIC: this.recordingDataTopic,
      PARTITION_KEYS: this.options.partitionKeys,
      CHECKPOINT_KEY_PREFIX: this.id,
      REPARTITION_TOPIC_PREFIX: this.repartitionPrefix,
      REPARTITION_PARTITIONS: String(this.options.repartitionPartitions ?? 3),
      POINTS_DEFAULT_DATABASE: 'vigil',
      EVALUATOR_SESSION_TIMEOUT_MS: '6000',
      // Small fetches make many batches, so a kill or a rebalance falls inside one.
      EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION: String(this.options.fetchBytes ?? 16_384),
      EVALUATOR_GROUP_IDLE_BATCHES: String(this.options.groupIdleBatches ?? 2),
      ...(this.options.maxGroupsPerTask === undefined ? {} : { EVALUATOR_MAX_GROUPS_PER_TASK: String(this.options.maxGroupsPerTask) }),
      ...this.options.evaluatorEnv,
    });
    const evaluator = { name, process, port };
    this.evaluators.push(evaluator);
    return evaluator;
  }

  /** Starts an ingest process writing to this deployment's points topic; resolves with its base URL. */
  async startIngest(): Promise<{ url: string; process: RunningProcess }> {
    buildApp('ingest');
    const { process, port } = await startReadyApp('ingest', 'ingest', {
      ...integrationEnv(),
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `${this.id}.ingest`,
      POINTS_TOPIC: this.pointsTopic,
      POINTS_PARTITIONS: String(this.options.pointsPartitions),
      ALERTS_TOPIC: this.alertsTopic,
      TASKS_TOPIC: this.tasksTopic,
      TEMPLATES_TOPIC: this.templatesTopic,
      TOPIC_HANDLERS_TOPIC: this.topicHandlersTopic,
      TOPIC_DELETIONS_TOPIC: this.topicDeletionsTopic,
      RECORDINGS_TOPIC: this.recordingsTopic,
      RECORDING_DATA_TOPIC: this.recordingDataTopic,
      REPLAYS_TOPIC: this.replaysTopic,
      PARTITION_KEYS: this.options.partitionKeys,
    });
    this.others.push(process);
    return { url: `http://127.0.0.1:${port}`, process };
  }

  /** Starts a notifier of this deployment (its alerts and topic-handlers topics, Redis keys under its id); resolves once ready. */
  async startNotifier(): Promise<RunningProcess> {
    const { process } = await startReadyApp('notifier', 'notifier', {
      ...integrationEnv(),
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `${this.id}.notifier`,
      NOTIFIER_GROUP_ID: `${this.id}.notifiers`,
      ALERTS_TOPIC: this.alertsTopic,
      ALERTS_PARTITIONS: '3',
      DEAD_LETTER_TOPIC: `${this.id}.dlq`,
      TOPIC_HANDLERS_TOPIC: this.topicHandlersTopic,
      REDIS_KEY_PREFIX: this.id,
    });
    this.others.push(process);
    return process;
  }

  /**
   * Writes points to the points topic as an external producer would: line protocol keyed by
   * ingest's partition key, consecutive points of one key sharing a record (up to `perRecord`
   * lines, as Telegraf batches them), in `chunk`-point sends.
   */
  async produce(points: readonly Point[], options: { perRecord?: number; chunk?: number } = {}): Promise<void> {
    const producer = this.connectedProducer();
    const perRecord = options.perRecord ?? 3;
    const chunk = options.chunk ?? 2_000;
    for (let start = 0; start < points.length; start += chunk) {
      const byKey = new Map<string, Point[]>();
      for (const point of points.slice(start, start + chunk)) {
        const key = partitionKeyFor(point, this.keys);
        const list = byKey.get(key);
        if (list) list.push(point);
        else byKey.set(key, [point]);
      }
      const messages: OutgoingMessage[] = [];
      for (const [key, list] of byKey) {
        for (let i = 0; i < list.length; i += perRecord) {
          const value = list
            .slice(i, i + perRecord)
            .map((point) => formatPoint(point))
            .join('\n');
          messages.push({ key, value, headers: { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen' } });
        }
      }
      await producer.send(this.pointsTopic, messages);
    }
  }

  /** Resolves once the group has committed every record of its topics: all events are on the alerts topic. */
  async waitUntilEvaluated(timeoutMs = 240_000): Promise<void> {
    const repartitioned = defineTasks(this.taskSources(), this.keys).filter((task) => task.placement.kind === 'repartition');
    await waitUntilGroupCommitted(this.connectedKafka(), {
      groupId: this.groupId,
      topics: [this.pointsTopic, ...repartitioned.map((task) => `${this.repartitionPrefix}${task.name}`)],
      timeoutMs,
      intervalMs: 100,
      what: 'every record evaluated and committed',
      processes: () => this.evaluators,
    });
  }

  /** The share (0..1) of the points topic's records the group has committed. */
  async progress(): Promise<number> {
    const admin = this.connectedKafka().admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.pointsTopic);
      const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: [this.pointsTopic] });
      const total = ends.reduce((sum, end) => sum + Number(end.high), 0);
      const done = (committed[0]?.partitions ?? []).reduce((sum, entry) => sum + Math.max(0, Number(entry.offset)), 0);
      return total === 0 ? 0 : done / total;
    } finally {
      await admin.disconnect();
    }
  }

  /** The group's committed offset per points-topic partition (partitions without a commit left out). */
  async committed(): Promise<Map<number, bigint>> {
    const admin = this.connectedKafka().admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId: this.groupId, topics: [this.pointsTopic] });
      return new Map((topic?.partitions ?? []).filter((entry) => BigInt(entry.offset) >= 0n).map((entry) => [entry.partition, BigInt(entry.offset)]));
    } finally {
      await admin.disconnect();
    }
  }

  /** Deletes the points topic's records of one partition below `offset`, as retention would. */
  async deleteRecords(partition: number, offset: bigint): Promise<void> {
    const admin = this.connectedKafka().admin();
    await admin.connect();
    try {
      // kafkajs finds the partitions' leaders in the admin's metadata, which starts empty.
      await admin.fetchTopicMetadata({ topics: [this.pointsTopic] });
      await admin.deleteTopicRecords({ topic: this.pointsTopic, partitions: [{ partition, offset: offset.toString() }] });
    } finally {
      await admin.disconnect();
    }
  }

  /** Deletes this deployment's checkpoints from its Redis, as a Redis that lost its data would. */
  async forgetCheckpoints(): Promise<number> {
    return this.withRedis(async (redis) => {
      const keys = await redis.keys(`{${this.id}:checkpoint:*`);
      if (keys.length > 0) await redis.del(...keys);
      return keys.length;
    });
  }

  /** The offset of each points-topic partition's checkpoint in this deployment's Redis (ones without left out). */
  async checkpointOffsets(): Promise<Map<number, bigint>> {
    return this.withRedis(async (redis) => {
      const offsets = new Map<number, bigint>();
      for (let partition = 0; partition < this.options.pointsPartitions; partition++) {
        // The key layout of RedisCheckpointStore: {<prefix>:checkpoint:<group>:<topic>:<partition>}.
        const offset = await redis.hget(`{${this.id}:checkpoint:${this.groupId}:${this.pointsTopic}:${partition}}`, 'offset');
        if (offset !== null) offsets.set(partition, BigInt(offset));
      }
      return offsets;
    });
  }

  private async withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = await connectRedis({ url: this.options.redisUrl ?? redisUrl(), logger: this.logger, connectionName: `${this.id}.test` });
    try {
      return await use(redis);
    } finally {
      await quitRedis(redis);
    }
  }

  /**
   * Resolves as soon as the alerts topic grows: an evaluator has just had events acknowledged
   * and is about to save its checkpoint. Killing one then likely interrupts it in between.
   */
  async nextAlertWrite(timeoutMs = 30_000): Promise<void> {
    const admin = this.connectedKafka().admin();
    await admin.connect();
    try {
      const total = async () => (await admin.fetchTopicOffsets(this.alertsTopic)).reduce((sum, end) => sum + Number(end.high), 0);
      const before = await total();
      await waitFor(async () => (await total()) > before, { timeoutMs, intervalMs: 2, what: 'an alert write' });
    } finally {
      await admin.disconnect();
    }
  }

  /** Every record of the alerts topic, partition by partition, up to the end offsets of now. */
  async readAlerts(): Promise<AlertRecord[]> {
    const kafka = this.connectedKafka();
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.alertsTopic);
    await admin.disconnect();
    const remaining = new Map(ends.filter((end) => BigInt(end.high) > 0n).map((end) => [end.partition, BigInt(end.high)]));
    const records: AlertRecord[] = [];
    if (remaining.size === 0) return records;
    const consumer = kafka.consumer({ groupId: uniqueName(`${this.id}.reader`), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.alertsTopic], fromBeginning: true });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = (name: string) => message.headers?.[name]?.toString() ?? '';
        records.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', eventId: headers(EVENT_HEADERS.eventId), task: headers(EVENT_HEADERS.task) });
        if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
        if (remaining.size === 0) finish();
      },
    });
    await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error('alerts topic not read within 60 s')), 60_000))]);
    await consumer.disconnect();
    return records;
  }

  /**
   * Resolves once every running evaluator has applied the tasks topic up to its last record (its
   * `vigil_evaluator_tasks_applied_offset`): a task change made through ingest now runs on every
   * partition, so points written from here on meet it.
   */
  async waitUntilTasksApplied(timeoutMs = 60_000): Promise<void> {
    const admin = this.connectedKafka().admin();
    await admin.connect();
    let last: number;
    try {
      last = (await admin.fetchTopicOffsets(this.tasksTopic)).reduce((high, end) => Math.max(high, Number(end.high)), 0) - 1;
    } finally {
      await admin.disconnect();
    }
    const applied = async (evaluator: Evaluator): Promise<number> => Number(/^vigil_evaluator_tasks_applied_offset(?:\{[^}]*\})? (\S+)$/m.exec(await this.metrics(evaluator))?.[1] ?? '-1');
    await waitFor(async () => (await Promise.all(this.evaluators.map(applied))).every((offset) => offset >= last), { timeoutMs, intervalMs: 100, what: `every evaluator applied the tasks topic up to offset ${last}` });
  }

  /** Prometheus text of one evaluator's /metrics. */
  async metrics(evaluator: Evaluator): Promise<string> {
    return (await httpGet(`http://127.0.0.1:${evaluator.port}/metrics`)).body;
  }

  private taskSources() {
    return Object.entries(this.options.tasks).map(([name, script]) => ({ name, script }));
  }

  private connectedKafka(): Kafka {
    if (!this.kafka) throw new Error('EvaluatorCluster used before setUp()');
    return this.kafka;
  }

  private connectedProducer(): AckedProducer {
    if (!this.producer) throw new Error('EvaluatorCluster used before setUp()');
    return this.producer;
  }
}
