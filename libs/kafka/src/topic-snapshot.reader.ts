import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumed, type ConsumedMessage } from './batch-consumer';

export interface TopicSnapshotOptions {
  /** A group id used by nobody else (e.g. with a random suffix); it commits nothing and is deleted afterwards. */
  readonly groupId: string;
  readonly logger: Logger;
  /** Gives up (rejects) when the end is not reached in this time; default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Told how many offsets of the range retention removed before they were read (the log start
   * moved past them while the call ran); not called when none were. The count is also logged.
   */
  readonly onRemovedByRetention?: (offsets: number) => void;
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

/** How often a read in progress looks whether retention moved a partition's log start past its range. */
const LOG_START_CHECK_MS = 1_000;

/**
 * Reads `[from, to)` of every partition given. kafkajs can only consume through a group, so the
 * group (new, used by nobody else) is given the start offsets before its one member joins, never
 * commits, and is deleted at the end.
 *
 * Retention may delete the start of a range after it was computed. kafkajs then meets
 * OFFSET_OUT_OF_RANGE and moves to the oldest record kept; when that is at or past `to` and
 * nothing follows, no batch ever arrives. So the log starts are watched while reading: a
 * partition whose log start reached `to` is done. The offsets lost that way are counted and
 * reported (a warning, and `onRemovedByRetention`).
 */
export async function readOffsetRanges(kafka: Kafka, topic: string, ranges: ReadonlyMap<number, OffsetRange>, options: TopicSnapshotOptions, admin?: Admin): Promise<ConsumedMessage[]> {
  const pending = new Map([...ranges].filter(([, range]) => range.to > range.from).map(([partition, range]) => [partition, range.to]));
  if (pending.size === 0) return [];
  if (admin) await admin.setOffsets({ groupId: options.groupId, topic, partitions: [...ranges].map(([partition, range]) => ({ partition, offset: range.from.toString() })) });
  const watch = kafka.admin();
  await watch.connect();
  try {
    const messages = await consumeUntilEnds(kafka, topic, pending, options, watch);
    // Counted once the consumer is gone, so its next (long-polling) fetch does not hold the call up.
    reportRemoved(topic, offsetsRemovedByRetention(ranges, await logStarts(watch, topic), messages), options);
    return messages.sort((a, b) => a.partition - b.partition || compareOffsets(a.offset, b.offset));
  } finally {
    await watch.disconnect();
  }
}

/** Consumes until every partition in `pending` reached its end offset or its log start passed it. */
async function consumeUntilEnds(kafka: Kafka, topic: string, pending: Map<number, bigint>, options: TopicSnapshotOptions, watch: Admin): Promise<ConsumedMessage[]> {
  const messages: ConsumedMessage[] = [];
  // A short fetch wait: disconnecting waits for the fetch in flight, and the end may come from the log-start check.
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  let timer: NodeJS.Timeout | undefined;
  let checker: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`reading ${topic} did not reach its end within ${options.timeoutMs ?? 60_000} ms (partitions left: ${[...pending.keys()].join(', ')})`)),
        options.timeoutMs ?? 60_000,
      );
      let checking = false;
      checker = setInterval(() => {
        if (checking) return;
        checking = true;
        logStarts(watch, topic)
          .then((starts) => {
            for (const [partition, low] of starts) {
              const high = pending.get(partition);
              if (high !== undefined && low >= high) pending.delete(partition);
            }
            if (pending.size === 0) resolve();
          })
          // A failed look is retried at the next tick; the overall timeout still bounds the read.
          .catch((error: unknown) => options.logger.debug({ err: error, topic }, 'could not look up the log start offsets'))
          .finally(() => (checking = false));
      }, LOG_START_CHECK_MS);
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
    clearInterval(checker);
    await consumer.disconnect();
    await deleteGroup(kafka, options.groupId, options.logger);
  }
  return messages;
}

/**
 * Per partition, the offsets of its range below the current log start that were not read: what
 * retention removed before the reader got there. (Transaction markers in that stretch count
 * too; they are never read as records.)
 */
export function offsetsRemovedByRetention(ranges: ReadonlyMap<number, OffsetRange>, logStarts: ReadonlyMap<number, bigint>, read: readonly ConsumedMessage[]): Map<number, bigint> {
  const removed = new Map<number, bigint>();
  for (const [partition, range] of ranges) {
    const start = logStarts.get(partition);
    if (start === undefined || start <= range.from) continue;
    const lost = start < range.to ? start : range.to;
    const readBelow = read.filter((message) => message.partition === partition && BigInt(message.offset) >= range.from && BigInt(message.offset) < lost).length;
    const count = lost - range.from - BigInt(readBelow);
    if (count > 0n) removed.set(partition, count);
  }
  return removed;
}

function reportRemoved(topic: string, removed: ReadonlyMap<number, bigint>, options: TopicSnapshotOptions): void {
  if (removed.size === 0) return;
  const total = [...removed.values()].reduce((sum, count) => sum + count, 0n);
  options.logger.warn(
    { topic, removed: Object.fromEntries([...removed].map(([partition, count]) => [partition, Number(count)])) },
    `retention removed ${total} offsets of the range read from ${topic} before they were read`,
  );
  options.onRemovedByRetention?.(Number(total));
}

async function logStarts(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, BigInt(entry.low)]));
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
