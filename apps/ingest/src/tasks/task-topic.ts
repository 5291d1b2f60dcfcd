import { randomUUID } from 'node:crypto';
import { CompactedTopicFollower, CompactedTopicWriter, createKafka, ensureTopics } from '@vigil/kafka';
import type { Logger, Readiness } from '@vigil/observability';
import type { IngestConfig } from '../config';
import { TopicTaskStore } from './topic-task-store';

/** The settings of the tasks topic: one partition (one order for every change), compacted (the latest record per task). */
export const TASKS_TOPIC_PARTITIONS = 1;
export const TASKS_TOPIC_CONFIG = { 'cleanup.policy': 'compact' } as const;

/**
 * Ingest's link to the tasks topic (TASKS_TOPIC): creates it when missing, follows it from its
 * oldest record into the TopicTaskStore the task API answers from, and writes the API's changes.
 * Ingest is ready once it has read the whole topic, so a list never answers from half of it.
 */
export class TaskTopic {
  readonly store: TopicTaskStore;
  private writer: CompactedTopicWriter | undefined;
  private follower: CompactedTopicFollower | undefined;
  private ready = false;

  constructor(
    private readonly config: IngestConfig,
    private readonly logger: Logger,
    readiness: Readiness,
  ) {
    this.store = new TopicTaskStore((id, value) => this.put(id, value), logger);
    readiness.add({ name: 'tasks-topic', isReady: () => this.ready && (this.writer?.isConnected() ?? false) });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}.tasks`, logger, security: config.kafkaSecurity });
    await ensureTopics(kafka, [{ topic: config.TASKS_TOPIC, partitions: TASKS_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, configEntries: TASKS_TOPIC_CONFIG }]);
    this.writer = new CompactedTopicWriter(kafka);
    await this.writer.connect();
    this.follower = new CompactedTopicFollower(kafka, logger, {
      topic: config.TASKS_TOPIC,
      groupId: `${config.KAFKA_CLIENT_ID}.tasks.${randomUUID()}`,
      onRecords: (records) => this.store.apply(records),
    });
    await this.follower.start();
    this.ready = true;
    logger.info({ topic: config.TASKS_TOPIC, tasks: this.store.list().length }, 'tasks topic read');
  }

  async stop(): Promise<void> {
    this.ready = false;
    await this.follower?.stop();
    await this.writer?.disconnect();
  }

  private async put(id: string, value: string | null): Promise<bigint> {
    if (!this.writer || !this.ready) throw new Error('the tasks topic is not connected yet');
    const offset = await this.writer.put(this.config.TASKS_TOPIC, id, value);
    this.logger.info({ task: id, topic: this.config.TASKS_TOPIC, offset: offset.toString(), change: value === null ? 'deleted' : 'defined' }, 'task change written');
    return offset;
  }
}
