import type { Consumer, EachBatchPayload, Kafka, TopicPartitionOffset } from 'kafkajs';
import type { Logger } from 'pino';
import { diffAssignment, flattenAssignment, partitionKey, type AssignmentChange, type AssignmentMap, type TopicPartition } from './partition-assignment';

/** What a consumer wants to hear about its partitions. */
export interface MembershipHooks {
  /** Told of every assignment change at once, before the hooks below run. */
  readonly onChange?: (change: AssignmentChange, owned: readonly TopicPartition[]) => void;
  /** Partitions taken away (rebalance, crash or stop). A failure is logged, not fatal. */
  readonly onRevoked?: (partitions: readonly TopicPartition[]) => Promise<void>;
  /**
   * Partitions newly owned, before any of their batches is handled. A failure fails every batch
   * until kafkajs restarts the member, which assigns (and so calls this) again.
   */
  readonly onAssigned?: (partitions: readonly TopicPartition[]) => Promise<void>;
}

/** The consumer settings vigil's consumers share. */
export interface MembershipOptions extends MembershipHooks {
  readonly groupId: string;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** The most bytes one fetch returns per partition (kafkajs' default when absent). */
  readonly maxBytesPerPartition?: number;
}

/** How a member reads once it joined. */
export interface RunOptions {
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts: the oldest record (default) or new ones only. */
  readonly fromBeginning?: boolean;
  /** Partitions handled at the same time (each partition's batches stay in order); default 1. */
  readonly concurrency?: number;
  readonly eachBatch: (payload: EachBatchPayload) => Promise<void>;
}

/**
 * A kafkajs consumer-group member as vigil's consumers see it: one kafkajs consumer with
 * auto-commit off (each consumer commits its own way), whether it is connected and joined
 * (readiness), which partitions it owns, and the assignment hooks, run one change at a time,
 * revocations first. kafkajs rebalances eagerly and reports only the new assignment, so the
 * change is derived by comparing with what was owned before. Every consumer of this library
 * (BatchConsumer, CheckpointedConsumer, WatermarkConsumer) is built on this.
 */
export class GroupMembership {
  readonly consumer: Consumer;
  private readonly log: Logger;
  private readonly handlers: MembershipHooks;
  private owned: TopicPartition[] = [];
  private hooks: Promise<void> = Promise.resolve();
  private hookError: Error | undefined;
  private connected = false;
  private joined = false;
  private fatal: Error | undefined;

  constructor(kafka: Kafka, logger: Logger, options: MembershipOptions) {
    this.log = logger.child({ group: options.groupId });
    this.handlers = options;
    const consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      // stop() waits for the fetch in flight; a short long-poll keeps shutdown within a second
      // or so, at the cost of one empty fetch per second per broker when the topic is idle.
      maxWaitTimeInMs: 1_000,
      ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition }),
    });
    this.consumer = consumer;
    const { events } = consumer;
    consumer.on(events.CONNECT, () => {
      this.connected = true;
    });
    consumer.on(events.DISCONNECT, () => {
      this.connected = false;
      this.joined = false;
    });
    consumer.on(events.GROUP_JOIN, (event) => {
      this.joined = true;
      this.apply(flattenAssignment(event.payload.memberAssignment as AssignmentMap));
    });
    consumer.on(events.CRASH, (event) => {
      this.joined = false;
      this.log.error({ err: event.payload.error, restart: event.payload.restart }, 'kafka consumer crashed');
      // kafkajs gives up on a member after an error it does not retry: nothing in this process
      // brings it back, so liveness reports it and the orchestrator restarts the process.
      if (!event.payload.restart) this.fatal = event.payload.error;
      // A restarted member joins afresh; forgetting the assignment makes the next join report
      // every partition as assigned again, which is what recovers from a failed hook.
      this.apply([]);
      this.hookError = undefined;
    });
    consumer.on(events.STOP, () => {
      this.joined = false;
    });
  }

  /** Joins the group and starts handing batches to `eachBatch`; resolves once consumption has started. */
  async start(run: RunOptions): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...run.topics], fromBeginning: run.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: run.concurrency ?? 1,
      eachBatch: run.eachBatch,
    });
  }

  /**
   * Stops fetching (waiting for the batches in progress), leaves the group so the others take over
   * at once instead of after a session timeout, and disconnects.
   */
  async leave(): Promise<void> {
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  /** Connected and a member of the group; drives readiness. */
  isReady(): boolean {
    return this.connected && this.joined;
  }

  /** The error after which kafkajs stopped this member for good, if it did; drives liveness. */
  failure(): Error | undefined {
    return this.fatal;
  }

  /**
   * Commits next-to-read offsets from inside `eachBatch`. A commit refused because the group moved
   * on without this member (its session expired while the broker was frozen or away, or a
   * rebalance began) comes out of kafkajs' commitOffsets wrapped in KafkaJSNonRetriableError,
   * which kafkajs' runner does not recognise: thrown from `eachBatch`, the wrapper stops the member
   * for good. The broker's own error, rethrown, is what the runner answers by joining the group
   * again; the uncommitted batch is then read again, which the consumers already handle.
   */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    try {
      await this.consumer.commitOffsets([...offsets]);
    } catch (error) {
      throw groupMoveCause(error) ?? error;
    }
  }

  /** The partitions this member owns right now. */
  assignment(): readonly TopicPartition[] {
    return this.owned;
  }

  /** Whether the partition is owned right now. */
  owns(tp: TopicPartition): boolean {
    return this.owned.some((owned) => owned.topic === tp.topic && owned.partition === tp.partition);
  }

  /**
   * Waits for the hooks queued so far; throws when an assignment hook failed, because handling
   * a batch without what that hook prepared would be wrong (kafkajs then retries the batch and,
   * in the end, restarts the member).
   */
  async settled(): Promise<void> {
    await this.hooks;
    if (this.hookError) throw this.hookError;
  }

  /** After the consumer left the group: revokes everything and waits for the hooks. */
  async revokeAll(): Promise<void> {
    this.apply([]);
    await this.hooks;
  }

  private apply(next: TopicPartition[]): void {
    const change = diffAssignment(this.owned, next);
    this.owned = next;
    if (change.assigned.length === 0 && change.revoked.length === 0) return;
    this.log.info({ assigned: change.assigned.map(partitionKey), revoked: change.revoked.map(partitionKey) }, 'partition assignment changed');
    const { onChange, onRevoked, onAssigned } = this.handlers;
    onChange?.(change, next);
    this.hooks = this.hooks.then(async () => {
      if (change.revoked.length > 0 && onRevoked) {
        // A failed revocation only loses work since the last commit, which the next owner
        // replays from Kafka, so it is logged and not fatal.
        await onRevoked(change.revoked).catch((error: unknown) => {
          this.log.error({ err: error }, 'partition revocation hook failed');
        });
      }
      if (change.assigned.length > 0 && onAssigned) {
        await onAssigned(change.assigned).catch((error: unknown) => {
          this.hookError = error instanceof Error ? error : new Error(String(error));
          this.log.error({ err: error }, 'partition assignment hook failed');
        });
      }
    });
  }
}

/** Broker errors after which kafkajs' runner joins the group again (its isRebalancing and unknown-member cases). */
const GROUP_MOVED = new Set(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR_FOR_GROUP']);

/** The broker error saying the group moved on without this member, found along the error's causes. */
export function groupMoveCause(error: unknown): Error | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (GROUP_MOVED.has((current as { type?: unknown }).type as string)) return current;
  }
  return undefined;
}
