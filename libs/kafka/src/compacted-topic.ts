import { CompressionTypes, Partitioners, type Consumer, type Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumed } from './batch-consumer';
import { RenewingProducer } from './renewing-producer';

/** One record of a compacted topic: the latest value of its key, or null for a tombstone (deleted). */
export interface KeyedRecord {
  readonly key: string;
  readonly value: Buffer | null;
  readonly partition: number;
  readonly offset: bigint;
  /** The record's headers as strings (the first of repeated ones), for a follower of a topic whose records carry them. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CompactedTopicFollowerOptions {
  readonly topic: string;
  /**
   * A group id used by nobody else (e.g. with a random suffix). kafkajs consumes only through a
   * group; this one commits nothing, every member reads the whole topic, and it is deleted at stop.
   */
  readonly groupId: string;
  /** Called with each fetched batch's records in offset order; the follower waits for it before fetching on. */
  readonly onRecords: (records: readonly KeyedRecord[]) => Promise<void> | void;
  /** Gives up start() when the topic's end is not reached in this time; default 60 s. */
  readonly startTimeoutMs?: number;
}

/**
 * Reads a compacted topic from its oldest record and keeps reading, so that its owner always holds
 * the latest value of every key (tasks, in the distributed mode). Every follower reads every
 * record: there is no group work sharing. `start` resolves once every record the topic held when
 * it was called has been handed over, and `caughtUp` once every record written before it was
 * called has, so that a caller can wait for its own writes.
 */
export class CompactedTopicFollower {
  private readonly consumer: Consumer;
  /** The next offset to hand over, per partition. */
  private readonly next = new Map<number, bigint>();
  private readonly waiters = new Set<() => void>();
  private failure: unknown;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: CompactedTopicFollowerOptions,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const records = batch.messages.map((message) => ({
          key: message.key?.toString('utf8') ?? '',
          value: message.value,
          partition: batch.partition,
          offset: BigInt(message.offset),
          headers: toConsumed(batch.topic, batch.partition, message).headers,
        }));
        await this.options.onRecords(records);
        // Control records and compacted-away offsets count as read: the batch's last offset says how far.
        this.next.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
        for (const wake of [...this.waiters]) wake();
      },
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.failure = event.payload.error;
      this.logger.error({ err: event.payload.error, topic: this.options.topic }, 'compacted topic follower crashed');
      for (const wake of [...this.waiters]) wake();
    });
    await this.caughtUp(this.options.startTimeoutMs ?? 60_000);
  }

  /** Resolves once every record the topic holds now has been handed to `onRecords`. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const ends = await this.endOffsets();
    const reached = (): boolean => [...ends].every(([partition, high]) => high === 0n || (this.next.get(partition) ?? 0n) >= high);
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`reading ${this.options.topic} did not reach its end within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (this.failure !== undefined || reached()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          if (this.failure !== undefined) reject(this.failure instanceof Error ? this.failure : new Error(String(this.failure)));
          else resolve();
        }
      };
      this.waiters.add(check);
    });
  }

  /** Each partition's end now (its high watermark: the offset the next record will take), however far this follower has read. */
  async endOffsets(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return new Map((await admin.fetchTopicOffsets(this.options.topic)).map((entry) => [entry.partition, BigInt(entry.high)]));
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.options.groupId]);
    } catch (error) {
      // Best effort: the group holds no offsets, so a leftover one costs the broker nearly nothing.
      this.logger.debug({ err: error, group: this.options.groupId }, 'could not delete the follower group');
    } finally {
      await admin.disconnect();
    }
  }
}

/**
 * Writes the latest value of a key to a compacted topic, or a tombstone (null) that deletes it,
 * and resolves only once every in-sync replica has it (acks=all, idempotent), as AckedProducer
 * does for points; its own producer, because a tombstone has no value. Like AckedProducer's, the
 * kafkajs producer is replaced after a rejected put (RenewingProducer).
 */
export class CompactedTopicWriter {
  private readonly producer: RenewingProducer;

  constructor(kafka: Kafka, logger: Logger) {
    const create = () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    this.producer = new RenewingProducer(create, logger);
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  isConnected(): boolean {
    return this.producer.isConnected();
  }

  /** Resolves with the record's offset once it is acknowledged. */
  async put(topic: string, key: string, value: string | null): Promise<bigint> {
    const [written] = await this.producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [{ key, value }] });
    return BigInt(written?.baseOffset ?? written?.offset ?? '-1');
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
