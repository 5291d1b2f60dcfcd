import type { Point } from '@vigil/core';
import { partitionKeyFor, POINT_HEADERS, type PartitionKeys } from '@vigil/evaluation';
import type { OutgoingMessage, PointCodec } from '@vigil/kafka';
import { losslessLine } from './lossless-line';
import { dbrpHeaders, type RecordEncoder } from './record-encoder';

/**
 * Largest line-protocol value ingest writes: half of Kafka's default `message.max.bytes`
 * (1 MiB), leaving room for the record batch around it. A single line longer than this still
 * goes out alone.
 */
export const MAX_LINE_RECORD_BYTES = 512 * 1024;

/** The records of one partition key, and the line-protocol value being filled for it. */
interface KeyGroup {
  readonly key: string;
  readonly records: OutgoingMessage[];
  database: string;
  retentionPolicy: string;
  text: string;
  bytes: number;
}

/**
 * One line-protocol record per partition key of a request (split below `maxValueBytes`), rather
 * than one record per point: kafkajs' produce path and the per-point JSON encoding cost far more
 * per record than per byte. The topic contract has always let a record carry several lines, all
 * evaluated on the partition of the record's key, so evaluators that predate this read it too.
 *
 * A point line protocol cannot carry exactly (see `losslessLine`) goes as its own record in the
 * topic's point codec, between the line records of its key, so its group's order is kept. A
 * change of db or rp within a key also starts a new record, since those travel in headers.
 */
export class LineBatchEncoder implements RecordEncoder {
  constructor(
    private readonly keys: PartitionKeys,
    private readonly codec: PointCodec,
    private readonly maxValueBytes = MAX_LINE_RECORD_BYTES,
  ) {}

  async encode(points: readonly Point[]): Promise<OutgoingMessage[]> {
    const groups = new Map<string, KeyGroup>();
    for (const point of points) {
      const key = partitionKeyFor(point, this.keys);
      let group = groups.get(key);
      if (!group) {
        group = { key, records: [], database: point.database, retentionPolicy: point.retentionPolicy, text: '', bytes: 0 };
        groups.set(key, group);
      } else if (group.database !== point.database || group.retentionPolicy !== point.retentionPolicy) {
        closeRecord(group);
        group.database = point.database;
        group.retentionPolicy = point.retentionPolicy;
      }
      const line = losslessLine(point);
      if (line === undefined) {
        closeRecord(group);
        group.records.push({ key, value: await this.codec.encode(point), headers: dbrpHeaders(point.database, point.retentionPolicy) });
        continue;
      }
      const bytes = Buffer.byteLength(line) + 1;
      if (group.bytes > 0 && group.bytes + bytes > this.maxValueBytes) closeRecord(group);
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
}

/** Turns the group's pending lines into a record; nothing when there are none. */
function closeRecord(group: KeyGroup): void {
  if (group.bytes === 0) return;
  group.records.push({
    key: group.key,
    value: Buffer.from(group.text, 'utf8'),
    headers: { ...dbrpHeaders(group.database, group.retentionPolicy), [POINT_HEADERS.precision]: 'n' },
  });
  group.text = '';
  group.bytes = 0;
}
