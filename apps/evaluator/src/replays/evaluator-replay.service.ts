import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createPointsTopicDecoder, defineTasks, type TaskDefinition } from '@vigil/evaluation';
import { decodeTaskRecord, taskSourceOf } from '@vigil/kapacitor-api';
import { AckedProducer, avroPointDecoder, createKafka, kafkaClusterId, readTopicSnapshot, readTopicTimeRange } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisRequestQueue, type Redis } from '@vigil/redis';
import { createEngineRegistry } from '@vigil/tick-engine';
import { replayQueueKeys } from '@vigil/topic-contract';
import { EVALUATOR_CONFIG, LOGGER } from '../app.tokens';
import type { EvaluatorConfig } from '../config';
import { evaluatorServerInfo } from '../server-info/evaluator-server-info';
import { allowlistGuard } from '../tasks/handler-allowlist';
import { readTaskFiles } from '../tasks/task-files';
import { EvaluatorReplays } from './evaluator-replays';
import { readRecordingData } from './recording-data';
import { redisLeaseStore, RunLeases } from './run-leases';

/** A long range of a busy points topic takes minutes to read; past this a replay's read is taken for stuck. */
const REPLAY_READ_TIMEOUT_MS = 15 * 60_000;
/** The tasks topic is compacted and small; reading all of it taking longer means something is stuck. */
const TASKS_READ_TIMEOUT_MS = 60_000;

/**
 * The evaluator's replay worker (docs/control-plane.md, "Recordings and replays"): takes the
 * replays, `record batch` and `record query` recordings ingest queues on Redis (named after TASKS_TOPIC) and runs them with EvaluatorReplays,
 * one at a time. It has connections of its own (a producer, a Redis connection), so a replay's
 * reads and sends never wait on, or hold up, the partitions' checkpointed path; and it reads the
 * replayed task from the tasks topic when the replay starts (a TASKS_DIR file of that name wins,
 * as for running), compiled as the running tasks are, a disabled task too, as Kapacitor replays one.
 */
@Injectable()
export class EvaluatorReplayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private redis: Redis | undefined;
  private producer: AckedProducer | undefined;
  private replays: EvaluatorReplays | undefined;
  private leases: RunLeases | undefined;
  private requests: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(EVALUATOR_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}.replays`, logger, security: config.kafkaSecurity });
    this.producer = new AckedProducer(kafka, logger);
    await this.producer.connect();
    const producer = this.producer;
    const serverInfo = evaluatorServerInfo(await kafkaClusterId(kafka), config.SERVER_ID, config.PORT);
    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: `${config.KAFKA_CLIENT_ID}.replays`, security: config.redisSecurity, topology: config.redisTopology });
    this.leases = new RunLeases(redisLeaseStore(this.redis, `${config.KAFKA_CLIENT_ID}@${hostname()}:${process.pid}`), logger);
    this.replays = new EvaluatorReplays({
      readRange: (topic, startMs, stopMs) => readTopicTimeRange(kafka, topic, startMs, stopMs, { groupId: `${config.EVALUATOR_GROUP_ID}.replay.${randomUUID()}`, logger, timeoutMs: REPLAY_READ_TIMEOUT_MS }),
      decoder: createPointsTopicDecoder(config, avroPointDecoder),
      definition: async (name) => this.definitionOf(kafka, name),
      send: (topic, messages) => producer.send(topic, messages),
      alertsTopic: config.ALERTS_TOPIC,
      pointsTopic: config.POINTS_TOPIC,
      replaysTopic: config.REPLAYS_TOPIC,
      recordingsTopic: config.RECORDINGS_TOPIC,
      recordingDataTopic: config.RECORDING_DATA_TOPIC,
      readData: (topic, written) => readRecordingData(kafka, topic, written, { groupId: `${config.EVALUATOR_GROUP_ID}.recording-data.${randomUUID()}`, logger, timeoutMs: REPLAY_READ_TIMEOUT_MS }),
      influxdb: config.batchSources.influxdb,
      registry: createEngineRegistry({ serverInfo }),
      leases: { keeper: this.leases, tasksTopic: config.TASKS_TOPIC },
      logger,
    });
    const replays = this.replays;
    this.requests = new RedisRequestQueue(this.redis, replayQueueKeys(config.TASKS_TOPIC)).serve(
      (text) => replays.take(text),
      (error) => logger.warn({ err: error }, 'a replay request was not taken'),
    );
  }

  /** Stops taking replays, ends the running one (written failed), then disconnects. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.requests?.stop();
    await this.replays?.stop();
    this.leases?.stopRenewing();
    await this.producer?.disconnect();
    if (this.redis) await quitRedis(this.redis);
  }

  /** The task to replay: a TASKS_DIR file of that name, else the last record of its key on the tasks topic. */
  private async definitionOf(kafka: ReturnType<typeof createKafka>, name: string): Promise<TaskDefinition> {
    const { config, logger } = this;
    const guard = allowlistGuard(config.handlerAllowlist);
    const file = (config.TASKS_DIR === undefined ? [] : readTaskFiles(config.TASKS_DIR)).find((source) => source.name === name);
    if (file) return defineTasks([file], config.PARTITION_KEYS, guard)[0] as TaskDefinition;
    const records = await readTopicSnapshot(kafka, config.TASKS_TOPIC, { groupId: `${config.EVALUATOR_GROUP_ID}.replay-tasks.${randomUUID()}`, logger, timeoutMs: TASKS_READ_TIMEOUT_MS });
    const last = records.filter((record) => record.key?.toString() === name).at(-1);
    if (last?.value == null) throw new Error(`task ${name} is not on the tasks topic ${config.TASKS_TOPIC}`);
    return defineTasks([taskSourceOf(decodeTaskRecord(name, last.value))], config.PARTITION_KEYS, guard)[0] as TaskDefinition;
  }
}
