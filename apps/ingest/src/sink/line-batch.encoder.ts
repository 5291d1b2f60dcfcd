import type { Point } from '@vigil/core';
import { partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import { partitionForKey, type OutgoingMessage, type PointCodec } from '@vigil/kafka';
import { losslessLine } from '@vigil/line-protocol';
import { dbrpHeaders, type RecordEncoder } from './record-encoder';

/**
 * Largest line-protocol value ingest writes: half of Kafka's default `message.max.bytes`
 * (1 MiB), leaving room for the record batch around it. A single line longer than this still
 * goes out alone.
 */
export const MAX_LINE_RECORD_BYTES = 512 * 1024;

/**
 * Partitions remembered across requests: the same resources write again and again, and hashing a
 * key costs microseconds. Forgotten all at once past this many keys, which bounds the memory.
 */
const PARTITION_CACHE_KEYS = 100_000;

/** The records of one partition (or one key), and the line-protocol value being filled for it. */
interface RecordGroup {
  readonly partition: number | undefined;
  readonly records: OutgoingMessage[];
  /** Key of the record being filled: the partition key of its first point. */
  key: string;
  database: string;
  retentionPolicy: string;
  text: string;
  bytes: number;
}

/**
 * One line-protocol record per partition of the points topic that a request's points go to
 * (split below `maxValueBytes`), rather than one record per point: kafkajs' produce path and the
 * per-point JSON encoding cost far more per record than per byte, and keys are many (one per
 * monitored resource) while partitions are few. Each point's partition is the one its own
 * partition key hashes to (`partitionForKey`, Java's murmur2, as the producer would place it), and
 * the record carries that partition explicitly; its key is the partition key of its first point.
 * The topic contract has always let a record carry several lines, all evaluated on the record's
 * partition, so evaluators that predate this read it too. With `partitions` 0 (unknown), records
 * are grouped by key instead and placed by it.
 *
 * A point line protocol cannot carry exactly (see `losslessLine`) goes as its own record in the
 * topic's point codec, between the line records of its partition, so the order is kept. A change
 * of db or rp within a partition also starts a new record, since those travel in headers.
 */
export class LineBatchEncoder implements RecordEncoder {
  constructor(
    private readonly keys: PartitionKeys,
    private readonly codec: PointCodec,
    private readonly partitions: number,
    private readonly maxValueBytes = MAX_LINE_RECORD_BYTES,
  ) {}

  private readonly partitionOfKey = new Map<string, number>();

  async encode(points: readonly Point[]): Promise<OutgoingMessage[]> {
    const groups = new Map<number | string, RecordGroup>();
    for (const point of points) {
      const key = partitionKeyFor(point, this.keys);
      const partition = this.partitions > 0 ? this.partitionOf(key) : undefined;
      let group = groups.get(partition ?? key);
      if (!group) {
        group = { partition, key, records: [], database: point.database, retentionPolicy: point.retentionPolicy, text: '', bytes: 0 };
        groups.set(partition ?? key, group);
      } else if (group.database !== point.database || group.retentionPolicy !== point.retentionPolicy) {
        closeRecord(group);
        group.database = point.database;
        group.retentionPolicy = point.retentionPolicy;
      }
      const line = losslessLine(point);
      if (line === undefined) {
        closeRecord(group);
        group.records.push(withPartition({ key, value: await this.codec.encode(point), headers: dbrpHeaders(point.database, point.retentionPolicy) }, partition));
        continue;
      }
      const bytes = Buffer.byteLength(line) + 1;
      if (group.bytes > 0 && group.bytes + bytes > this.maxValueBytes) closeRecord(group);
      if (group.bytes === 0) group.key = key;
      group.text += group.bytes > 0 ? `\n${line}` : line;
      group.bytes += bytes;
    }
    const records: OutgoingMessage[] = [];
    for (const group of groups.values()) {
      closeRecord(group);
      for (const record of group.records) records.push(record);
    }
    return records;
  }

  private partitionOf(key: string): number {
    let partition = this.partitionOfKey.get(key);
    if (partition === undefined) {
      if (this.partitionOfKey.size >= PARTITION_CACHE_KEYS) this.partitionOfKey.clear();
      partition = partitionForKey(key, this.partitions);
      this.partitionOfKey.set(key, partition);
    }
    return partition;
  }
}

/** Turns the group's pending lines into a record; nothing when there are none. */
function closeRecord(group: RecordGroup): void {
  if (group.bytes === 0) return;
  const headers = { ...dbrpHeaders(group.database, group.retentionPolicy), [POINT_HEADERS.precision]: 'n' };
  group.records.push(withPartition({ key: group.key, value: Buffer.from(group.text, 'utf8'), headers }, group.partition));
  group.text = '';
  group.bytes = 0;
}

function withPartition(record: OutgoingMessage, partition: number | undefined): OutgoingMessage {
  return partition === undefined ? record : { ...record, partition };
}
