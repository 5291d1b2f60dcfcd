import type { Admin, Kafka } from 'kafkajs';
import type { TopicPartition } from '../partition-assignment';

/**
 * Offset facts a partition's new owner needs before it reads: the consumer group's committed
 * offset and the oldest offset the log still holds. Kafka offsets are int64, so they are bigints.
 */
export class PartitionOffsets {
  private admin: Admin | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  async connect(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  /** The group's committed offset per partition (`topic:partition`), undefined where none is. */
  async committed(partitions: readonly TopicPartition[]): Promise<Map<string, bigint | undefined>> {
    const admin = this.connected();
    const topics = [...new Set(partitions.map((tp) => tp.topic))];
    const answer = await admin.fetchOffsets({ groupId: this.groupId, topics });
    const committed = new Map<string, bigint | undefined>();
    for (const tp of partitions) committed.set(`${tp.topic}:${tp.partition}`, undefined);
    for (const topic of answer) {
      for (const entry of topic.partitions) {
        const key = `${topic.topic}:${entry.partition}`;
        // kafkajs answers -1 for a partition the group never committed.
        if (committed.has(key)) committed.set(key, BigInt(entry.offset) < 0n ? undefined : BigInt(entry.offset));
      }
    }
    return committed;
  }

  /** The oldest offset still in the partition's log (records before it were deleted by retention). */
  async logStart(tp: TopicPartition): Promise<bigint> {
    const offsets = await this.connected().fetchTopicOffsets(tp.topic);
    const entry = offsets.find((candidate) => candidate.partition === tp.partition);
    if (!entry) throw new Error(`topic ${tp.topic} has no partition ${tp.partition}`);
    return BigInt(entry.low);
  }

  private connected(): Admin {
    if (!this.admin) throw new Error('PartitionOffsets used before connect()');
    return this.admin;
  }
}
