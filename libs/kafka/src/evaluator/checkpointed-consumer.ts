import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumed, type ConsumedMessage } from '../batch-consumer';
import { GroupMembership } from '../group-membership';
import { partitionKey, type AssignmentChange, type TopicPartition } from '../partition-assignment';

/** A fetched batch of one partition, with what lag metrics need. */
export interface CheckpointedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
  /** The partition's log end offset when the batch was fetched. */
  readonly highWatermark: bigint;
  readonly heartbeat: () => Promise<void>;
}

/** What the handler wants after a batch: commit its offsets, or read again from an offset. */
export type BatchDecision = { readonly commit: true } | { readonly seek: bigint };

export interface CheckpointedConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Called for newly assigned partitions before any of their batches is handled; returns where
   * each (`topic:partition`) starts reading. Partitions it leaves out start at the committed offset.
   */
  readonly onAssigned: (partitions: readonly TopicPartition[]) => Promise<ReadonlyMap<string, bigint>>;
  /** Told of every assignment change (a rebalance that changed this member's partitions). */
  readonly onChange?: (change: AssignmentChange, owned: readonly TopicPartition[]) => void;
  /** Called for partitions taken away, after their batch in flight finished. */
  readonly onRevoked: (partitions: readonly TopicPartition[]) => Promise<void>;
  /** Processes a batch; the consumer commits only when asked to, after the promise resolved. */
  readonly handleBatch: (batch: CheckpointedBatch) => Promise<BatchDecision>;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** The most bytes one fetch returns per partition: the size of a batch, hence of a checkpoint step. */
  readonly maxBytesPerPartition?: number;
  /** Partitions handled at the same time (each partition's batches stay in order). */
  readonly concurrency?: number;
}

/**
 * A consumer-group member for state that is checkpointed outside Kafka: on assignment it lets
 * the owner restore the partitions and seeks each to the offset the restored state ends at;
 * batches fetched before that seek are dropped (kafkajs reports them stale). Offsets are
 * committed only after the handler resolved with `commit`, so the committed offset never passes
 * the checkpoint. A handler that finds its state and the batch out of step asks for a seek.
 */
export class CheckpointedConsumer {
  private readonly membership: GroupMembership;

  constructor(
    kafka: Kafka,
    logger: Logger,
    private readonly options: CheckpointedConsumerOptions,
  ) {
    this.membership = new GroupMembership(kafka, logger, {
      ...options,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      // Restoring is what decides where each partition starts; a failure fails the batches until
      // kafkajs restarts the member, which assigns and restores again.
      onAssigned: async (partitions) => {
        const starts = await options.onAssigned(partitions);
        for (const tp of partitions) {
          const start = starts.get(partitionKey(tp));
          if (start !== undefined) this.seek(tp, start);
        }
      },
    });
  }

  async start(): Promise<void> {
    await this.membership.start({
      topics: this.options.topics,
      ...(this.options.concurrency === undefined ? {} : { concurrency: this.options.concurrency }),
      eachBatch: (payload) => this.onBatch(payload),
    });
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

  /** Reads the partition again from `offset` (only while it is assigned to this member). */
  seek(tp: TopicPartition, offset: bigint): void {
    this.membership.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: offset.toString() });
  }

  /** Finishes the batches in flight (they commit), leaves the group, then revokes everything. */
  async stop(): Promise<void> {
    await this.membership.leave();
    await this.membership.revokeAll();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    await this.membership.settled();
    if (batch.messages.length === 0 || payload.isStale()) return;
    const decision = await this.options.handleBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.map((message) => toConsumed(batch.topic, batch.partition, message)),
      highWatermark: BigInt(batch.highWatermark),
      heartbeat: payload.heartbeat,
    });
    if ('seek' in decision) {
      this.seek(batch, decision.seek);
      return;
    }
    const last = batch.messages[batch.messages.length - 1];
    if (!last || payload.isStale()) return;
    payload.resolveOffset(last.offset);
    const next = (BigInt(last.offset) + 1n).toString();
    await this.membership.commit([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    await payload.heartbeat();
  }
}
