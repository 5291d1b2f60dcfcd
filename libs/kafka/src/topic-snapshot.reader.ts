import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumed, type ConsumedMessage } from './batch-consumer';

export interface TopicSnapshotOptions {
  /** A group id used by nobody else (e.g. with a random suffix); it commits nothing and is deleted afterwards. */
  readonly groupId: string;
  readonly logger: Logger;
  /** Gives up (rejects) when the end is not reached in this time; default 60 s. */
  readonly timeoutMs?: number;
}

/** Thrown when `readTopicSnapshot` is asked for a topic the cluster does not have. */
export class TopicNotFoundError extends Error {
  constructor(readonly topic: string) {
    super(`topic ${topic} does not exist`);
    this.name = 'TopicNotFoundError';
  }
}

/**
 * Reads every record a topic holds right now, from the oldest retained one up to each
 * partition's high-water mark as it was when the call began, and returns them ordered by
 * partition then offset. Records written meanwhile are left out, so the call always ends. It is
 * a read-only look (an operator listing a dead-letter topic): kafkajs can only consume through a
 * group, so it joins a group of its own, never commits an offset and deletes the group at the end.
 */
export async function readTopicSnapshot(kafka: Kafka, topic: string, options: TopicSnapshotOptions): Promise<ConsumedMessage[]> {
  const ends = await highWaterMarks(kafka, topic);
  return readOffsetRanges(kafka, topic, new Map([...ends].map(([partition, end]) => [partition, { from: end.low, to: end.high }])), options);
}

/** Offsets `[from, to)` of one partition. */
export interface OffsetRange {
  readonly from: bigint;
  readonly to: bigint;
}

/**
 * The records of a topic whose Kafka timestamps fall in `[startMs, stopMs)` as the broker's time
 * index finds them (`ListOffsets` by timestamp): on each partition, from the first record stamped
 * at or after `startMs` to the first one stamped at or after `stopMs` (or the end as it was when
 * the call began). Ordered by partition then offset; read-only, as `readTopicSnapshot`.
 */
export async function readTopicTimeRange(kafka: Kafka, topic: string, startMs: number, stopMs: number, options: TopicSnapshotOptions): Promise<ConsumedMessage[]> {
  const ends = await highWaterMarks(kafka, topic);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, startMs);
    const stops = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, stopMs)).map((entry) => [entry.partition, BigInt(entry.offset)]));
    const ranges = new Map<number, OffsetRange>();
    for (const entry of starts) {
      const end = ends.get(entry.partition);
      const from = BigInt(entry.offset);
      const to = stops.get(entry.partition) ?? end?.high ?? from;
      // A retention cut may have removed the start: the oldest record kept is where the range begins.
      ranges.set(entry.partition, { from: end && from < end.low ? end.low : from, to: end && to > end.high ? end.high : to });
    }
    return await readOffsetRanges(kafka, topic, ranges, options, admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `[from, to)` of every partition given. kafkajs can only consume through a group, so the
 * group (new, used by nobody else) is given the start offsets before its one member joins, never
 * commits, and is deleted at the end.
 */
async function readOffsetRanges(kafka: Kafka, topic: string, ranges: ReadonlyMap<number, OffsetRange>, options: TopicSnapshotOptions, admin?: Admin): Promise<ConsumedMessage[]> {
  const pending = new Map([...ranges].filter(([, range]) => range.to > range.from).map(([partition, range]) => [partition, range.to]));
  if (pending.size === 0) return [];
  if (admin) await admin.setOffsets({ groupId: options.groupId, topic, partitions: [...ranges].map(([partition, range]) => ({ partition, offset: range.from.toString() })) });
  const messages: ConsumedMessage[] = [];
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`reading ${topic} did not reach its end within ${options.timeoutMs ?? 60_000} ms (partitions left: ${[...pending.keys()].join(', ')})`)),
        options.timeoutMs ?? 60_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const high = pending.get(batch.partition);
            if (high === undefined) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) < high) messages.push(toConsumed(topic, batch.partition, message));
            }
            // A batch's last offset (control records included) at or past high - 1 means the snapshot end was reached.
            if (BigInt(batch.lastOffset()) >= high - 1n) pending.delete(batch.partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await deleteGroup(kafka, options.groupId, options.logger);
  }
  return messages.sort((a, b) => a.partition - b.partition || compareOffsets(a.offset, b.offset));
}

async function highWaterMarks(kafka: Kafka, topic: string): Promise<Map<number, { low: bigint; high: bigint }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new TopicNotFoundError(topic);
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((entry) => [entry.partition, { low: BigInt(entry.low), high: BigInt(entry.high) }]));
  } finally {
    await admin.disconnect();
  }
}

/** Best effort: the group holds no offsets, so a leftover one costs the broker nearly nothing. */
async function deleteGroup(kafka: Kafka, groupId: string, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch (error) {
    logger.debug({ err: error, group: groupId }, 'could not delete the snapshot group');
  } finally {
    await admin.disconnect();
  }
}

function compareOffsets(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
