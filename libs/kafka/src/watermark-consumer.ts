import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumed, type ConsumedMessage } from './batch-consumer';
import { GroupMembership } from './group-membership';
import { partitionKey, type TopicPartition } from './partition-assignment';

/** The records of one fetch from one partition, in offset order. */
export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
}

/** An offset to commit: the next one the group reads from the partition. */
export interface OffsetCommit extends TopicPartition {
  readonly offset: bigint;
}

export interface WatermarkConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Takes a batch in hand. Resolving means the records are tracked, not that their work is done:
   * fetching moves on and nothing is committed (the owner commits through `commit`). Rejecting
   * fetches the batch again.
   */
  readonly handleBatch: (batch: FetchedBatch) => Promise<void>;
  /** Partitions newly owned, before any of their batches is handled. */
  readonly onAssigned?: (partitions: readonly TopicPartition[]) => Promise<void>;
  /**
   * Partitions taken away (rebalance, crash or stop), the place to abort their work and commit
   * what is done. On `stop` it runs while this member is still in the group, so commits succeed.
   */
  readonly onRevoked?: (partitions: readonly TopicPartition[]) => Promise<void>;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly maxBytesPerPartition?: number;
}

/**
 * A consumer-group member for work that finishes out of order and after its batch was handed
 * over (the notifier's deliveries): the handler returns as soon as it has the records, kafkajs
 * keeps fetching, and offsets are committed only when the owner says which (`commit`), typically
 * the lowest offset whose work is not finished yet. A partition with too much work in hand can be
 * paused and resumed. Commits are at-least-once: after a crash the group reads again from the
 * last committed offset, and the owner drops what it already did.
 */
export class WatermarkConsumer {
  private readonly membership: GroupMembership;
  private readonly consumer: Consumer;
  private readonly paused = new Set<string>();
  private stopping = false;

  constructor(
    kafka: Kafka,
    logger: Logger,
    private readonly options: WatermarkConsumerOptions,
  ) {
    this.membership = new GroupMembership(kafka, logger, {
      ...options,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      onRevoked: async (partitions) => {
        // kafkajs remembers a pause across rebalances; a partition that comes back later must
        // not come back paused.
        const resumed = partitions.filter((tp) => this.paused.delete(partitionKey(tp)));
        if (resumed.length > 0 && !this.stopping) this.consumer.resume(byTopic(resumed));
        await options.onRevoked?.(partitions);
      },
    });
    this.consumer = this.membership.consumer;
  }

  async start(): Promise<void> {
    await this.membership.start({ topics: this.options.topics, eachBatch: (payload) => this.onBatch(payload) });
  }

  isReady(): boolean {
    return this.membership.isReady();
  }

  /** Why kafkajs stopped this consumer for good, if it did (see GroupMembership.failure). */
  failure(): Error | undefined {
    return this.membership.failure();
  }

  assignment(): readonly TopicPartition[] {
    return this.membership.assignment();
  }

  /** Stops fetching the partition until `resume`; records already handed over are unaffected. */
  pause(tp: TopicPartition): void {
    if (this.paused.has(partitionKey(tp)) || !this.membership.owns(tp)) return;
    this.paused.add(partitionKey(tp));
    this.consumer.pause(byTopic([tp]));
  }

  resume(tp: TopicPartition): void {
    if (!this.paused.delete(partitionKey(tp))) return;
    this.consumer.resume(byTopic([tp]));
  }

  isPaused(tp: TopicPartition): boolean {
    return this.paused.has(partitionKey(tp));
  }

  /** Commits the given next-to-read offsets for the group. */
  async commit(offsets: readonly OffsetCommit[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((entry) => ({ topic: entry.topic, partition: entry.partition, offset: entry.offset.toString() })));
  }

  /**
   * Stops taking batches, revokes every partition while still a member (so the revocation hook
   * can commit), then leaves the group so the others take over at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const owned = this.membership.assignment();
    if (owned.length > 0) this.consumer.pause(byTopic(owned));
    await this.membership.revokeAll();
    await this.membership.leave();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    await this.membership.settled();
    if (this.stopping || batch.messages.length === 0 || payload.isStale()) return;
    await this.options.handleBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.map((message) => toConsumed(batch.topic, batch.partition, message)),
    });
    const last = batch.messages[batch.messages.length - 1];
    if (!last || payload.isStale()) return;
    // Resolving moves the fetch position on; with auto-commit off it commits nothing.
    payload.resolveOffset(last.offset);
    await payload.heartbeat();
  }
}

function byTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const tp of partitions) {
    const list = topics.get(tp.topic);
    if (list) list.push(tp.partition);
    else topics.set(tp.topic, [tp.partition]);
  }
  return [...topics].map(([topic, list]) => ({ topic, partitions: list }));
}
