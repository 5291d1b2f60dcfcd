import type { Point } from '@vigil/core';
import { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, partitionKeyFor, type PartitionKeys, POINT_HEADERS, singleRecordBatchBytes, surelyFits } from '@vigil/topic-contract';
import { OversizedPoints } from '@vigil/ingest-http';
import { partitionForKey, type PointCodec } from '@vigil/kafka';
import { losslessLine } from '@vigil/line-protocol';
import { dbrpHeaders, TOPIC_LIMIT_NAME, type EncodedRecord, type RecordEncoder } from './record-encoder';

/**
 * Largest line-protocol value ingest fills a record with, when the topic takes more: half of
 * Kafka's default `message.max.bytes` (1 MiB), so records stay of a size kafkajs and the
 * evaluator handle quickly. A single line longer than this still goes out alone when the topic
 * takes it.
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
  readonly records: EncodedRecord[];
  /** Key of the record being filled: the partition key of its first point. */
  key: string;
  /** The key's UTF-8 bytes, measured once the record's lines come near the limit; -1 until then. */
  keyBytes: number;
  database: string;
  retentionPolicy: string;
  /** Bytes of the headers of this group's line records (db, rp, precision). */
  headerBytes: number;
  text: string;
  /** UTF-8 bytes of `text`. */
  bytes: number;
  /** Lines in `text`. */
  lines: number;
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
 *
 * Every record fits in a record batch of `maxMessageBytes` (the topic's `max.message.bytes`,
 * measured as the broker measures it): a partition's lines that together exceed it go in several
 * records, cut at line boundaries. A point that does not fit even alone is never sent: `encode`
 * throws PointTooLargeError naming every such point of the request, before any record exists.
 */
export class LineBatchEncoder implements RecordEncoder {
  constructor(
    private readonly keys: PartitionKeys,
    private readonly codec: PointCodec,
    private readonly partitions: number,
    private readonly maxMessageBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
    private readonly maxValueBytes = MAX_LINE_RECORD_BYTES,
  ) {}

  private readonly partitionOfKey = new Map<string, number>();

  async encode(points: readonly Point[]): Promise<EncodedRecord[]> {
    const groups = new Map<number | string, RecordGroup>();
    const limit = this.maxMessageBytes;
    const oversized = new OversizedPoints(limit, TOPIC_LIMIT_NAME);
    for (let index = 0; index < points.length; index++) {
      const point = points[index] as Point;
      const key = partitionKeyFor(point, this.keys);
      const partition = this.partitions > 0 ? this.partitionOf(key) : undefined;
      let group = groups.get(partition ?? key);
      if (!group) {
        group = { partition, key, keyBytes: -1, records: [], database: point.database, retentionPolicy: point.retentionPolicy, headerBytes: lineHeaderBytes(point), text: '', bytes: 0, lines: 0 };
        groups.set(partition ?? key, group);
      } else if (group.database !== point.database || group.retentionPolicy !== point.retentionPolicy) {
        closeRecord(group);
        group.database = point.database;
        group.retentionPolicy = point.retentionPolicy;
        group.headerBytes = lineHeaderBytes(point);
      }
      const line = losslessLine(point);
      if (line === undefined) {
        const headers = dbrpHeaders(point.database, point.retentionPolicy);
        const value = await this.codec.encode(point);
        const alone = singleRecordBatchBytes(Buffer.byteLength(key), value.length, headerBytes(headers));
        if (alone > limit) {
          oversized.add(index, alone);
          continue;
        }
        closeRecord(group);
        group.records.push(withPartition({ key, value, headers, points: 1 }, partition));
        continue;
      }
      const lineBytes = Buffer.byteLength(line);
      if (!surelyFits(key.length, lineBytes, group.headerBytes, limit)) {
        const alone = singleRecordBatchBytes(Buffer.byteLength(key), lineBytes, group.headerBytes);
        if (alone > limit) {
          oversized.add(index, alone);
          continue;
        }
      }
      if (group.lines > 0 && !this.fitsInRecord(group, group.bytes + 1 + lineBytes)) closeRecord(group);
      if (group.lines === 0) {
        group.key = key;
        group.keyBytes = -1;
        group.text = line;
        group.bytes = lineBytes;
      } else {
        group.text += `\n${line}`;
        group.bytes += lineBytes + 1;
      }
      group.lines++;
    }
    oversized.check();
    const records: EncodedRecord[] = [];
    for (const group of groups.values()) {
      closeRecord(group);
      for (const record of group.records) records.push(record);
    }
    return records;
  }

  /** Whether the record being filled may grow to `valueBytes`: below the soft cap and the topic's limit. */
  private fitsInRecord(group: RecordGroup, valueBytes: number): boolean {
    if (valueBytes > this.maxValueBytes) return false;
    if (surelyFits(group.key.length, valueBytes, group.headerBytes, this.maxMessageBytes)) return true;
    if (group.keyBytes < 0) group.keyBytes = Buffer.byteLength(group.key);
    return singleRecordBatchBytes(group.keyBytes, valueBytes, group.headerBytes) <= this.maxMessageBytes;
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

/** The headers of a line record of this point's db and rp. */
function lineHeaders(database: string, retentionPolicy: string): Record<string, string> {
  return { ...dbrpHeaders(database, retentionPolicy), [POINT_HEADERS.precision]: 'n' };
}

function lineHeaderBytes(point: Point): number {
  return headerBytes(lineHeaders(point.database, point.retentionPolicy));
}

/** Turns the group's pending lines into a record; nothing when there are none. */
function closeRecord(group: RecordGroup): void {
  if (group.lines === 0) return;
  const headers = lineHeaders(group.database, group.retentionPolicy);
  group.records.push(withPartition({ key: group.key, value: Buffer.from(group.text, 'utf8'), headers, points: group.lines }, group.partition));
  group.text = '';
  group.bytes = 0;
  group.lines = 0;
}

function withPartition(record: EncodedRecord, partition: number | undefined): EncodedRecord {
  return partition === undefined ? record : { ...record, partition };
}
