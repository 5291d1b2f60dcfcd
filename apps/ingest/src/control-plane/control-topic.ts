import { randomUUID } from 'node:crypto';
import { CompactedTopicFollower, CompactedTopicWriter, ensureTopics, type createKafka, type KeyedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';

/** The settings of a control-plane topic: one partition (one order for every change), compacted (the latest record per key). */
export const CONTROL_TOPIC_PARTITIONS = 1;
export const CONTROL_TOPIC_CONFIG = { 'cleanup.policy': 'compact' } as const;

/** The client every control topic of one ingest shares. */
export type KafkaClient = ReturnType<typeof createKafka>;

export interface ControlTopicOptions {
  readonly topic: string;
  /** What the topic holds, for logs and errors: `tasks`, `templates`, `topic handlers`. */
  readonly holds: string;
  readonly clientId: string;
  readonly replicationFactor: number;
  readonly onRecords: (records: readonly KeyedRecord[]) => void;
}

/**
 * Ingest's link to one compacted control-plane topic (tasks, templates, topic handlers): creates
 * it when missing, follows it from its oldest record into its store, and writes the API's changes
 * with acks=all. `start` resolves once the whole topic was read, so the API never answers from
 * half of it.
 */
export class ControlTopic {
  private writer: CompactedTopicWriter | undefined;
  private follower: CompactedTopicFollower | undefined;
  private ready = false;

  constructor(
    private readonly options: ControlTopicOptions,
    private readonly logger: Logger,
  ) {}

  async start(kafka: KafkaClient): Promise<void> {
    const { topic, clientId, replicationFactor, onRecords } = this.options;
    await ensureTopics(kafka, [{ topic, partitions: CONTROL_TOPIC_PARTITIONS, replicationFactor, configEntries: CONTROL_TOPIC_CONFIG }]);
    this.writer = new CompactedTopicWriter(kafka, this.logger);
    await this.writer.connect();
    this.follower = new CompactedTopicFollower(kafka, this.logger, { topic, groupId: `${clientId}.${randomUUID()}`, onRecords });
    await this.follower.start();
    this.ready = true;
  }

  isReady(): boolean {
    return this.ready && (this.writer?.isConnected() ?? false);
  }

  /** Writes the latest value of a key (null deletes it) and resolves with its offset once every in-sync replica has it. */
  async put(key: string, value: string | null): Promise<bigint> {
    if (!this.writer || !this.ready) throw new Error(`the ${this.options.holds} topic ${this.options.topic} is not connected yet`);
    const offset = await this.writer.put(this.options.topic, key, value);
    this.logger.info({ key, topic: this.options.topic, offset: offset.toString(), change: value === null ? 'deleted' : 'defined' }, `${this.options.holds} change written`);
    return offset;
  }

  async stop(): Promise<void> {
    this.ready = false;
    await this.follower?.stop();
    await this.writer?.disconnect();
  }
}
