import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { GroupMembership } from './group-membership';
import type { TopicPartition } from './partition-assignment';

/** One record as read from a partition. */
export interface ConsumedMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are int64; kept as decimal strings as kafkajs gives them. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestampMs: number;
}

/** The messages of one fetch from one partition, in offset order. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
  /** Keeps the group membership alive during a long batch. */
  readonly heartbeat: () => Promise<void>;
  /** True once the partition was taken away by a rebalance; remaining work can be dropped. */
  readonly isStale: () => boolean;
}

export interface BatchConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts: the oldest message (default) or new ones only. */
  readonly fromBeginning?: boolean;
  /**
   * Processes a batch. When it resolves, the batch's offsets are committed; when it rejects,
   * nothing is committed and the batch is delivered again (at-least-once).
   */
  readonly handleBatch: (batch: PartitionBatch) => Promise<void>;
  /** Called before any batch of the given partitions is handled, e.g. to restore their state. */
  readonly onAssigned?: (partitions: readonly TopicPartition[]) => Promise<void>;
  /** Called when partitions are lost (rebalance, crash or stop), e.g. to drop their state. */
  readonly onRevoked?: (partitions: readonly TopicPartition[]) => Promise<void>;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

/**
 * A consumer-group member that hands whole partition batches to a handler and commits offsets
 * itself, only after the handler succeeded (kafkajs auto-commit is off). It reports partition
 * assignment and revocation through hooks, and hooks always run before the next batch, so the
 * evaluator can restore a partition's state before it sees that partition's messages.
 */
export class BatchConsumer {
  private readonly membership: GroupMembership;

  constructor(
    kafka: Kafka,
    logger: Logger,
    private readonly options: BatchConsumerOptions,
  ) {
    this.membership = new GroupMembership(kafka, logger, options);
  }

  /** Joins the group and starts handling batches; resolves once consumption has started. */
  async start(): Promise<void> {
    await this.membership.start({
      topics: this.options.topics,
      ...(this.options.fromBeginning === undefined ? {} : { fromBeginning: this.options.fromBeginning }),
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Connected and a member of the group; drives readiness. */
  isReady(): boolean {
    return this.membership.isReady();
  }

  /** Why kafkajs stopped this consumer for good, if it did (see GroupMembership.failure). */
  failure(): Error | undefined {
    return this.membership.failure();
  }

  /** The partitions this member owns right now. */
  assignment(): readonly TopicPartition[] {
    return this.membership.assignment();
  }

  /**
   * Stops fetching, waits for the batch in progress to finish and commit, leaves the group (so
   * the others take over at once instead of after a session timeout), then revokes everything.
   */
  async stop(): Promise<void> {
    await this.membership.leave();
    await this.membership.revokeAll();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // Handling messages without their restored state would be wrong; a failed assignment hook
    // throws here, so kafkajs retries and, in the end, restarts the member.
    await this.membership.settled();
    if (batch.messages.length === 0 || payload.isStale()) return;
    const messages = batch.messages.map((message) => toConsumed(batch.topic, batch.partition, message));
    await this.options.handleBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages,
      heartbeat: payload.heartbeat,
      isStale: payload.isStale,
    });
    const last = batch.messages[batch.messages.length - 1];
    if (!last || payload.isStale()) return;
    payload.resolveOffset(last.offset);
    // The committed offset is the next one to read, hence + 1.
    const next = (BigInt(last.offset) + 1n).toString();
    await this.membership.commit([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    await payload.heartbeat();
  }
}

/** A kafkajs record as the rest of vigil sees it: headers as strings, the first of repeated ones. */
export function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
    timestampMs: Number(message.timestamp),
  };
}
