import type { Point } from '@vigil/core';
import { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, partitionKeyFor, type PartitionKeys, singleRecordBatchBytes, surelyFits } from '@vigil/topic-contract';
import { OversizedPoints } from '@vigil/ingest-http';
import type { PointCodec } from '@vigil/kafka';
import { dbrpHeaders, TOPIC_LIMIT_NAME, type EncodedRecord, type RecordEncoder } from './record-encoder';

/**
 * One record per point in the topic's point codec, for POINTS_ENCODING `avro` and `json`. The
 * registry's schema (`<topic>-value`) describes one point per value, and consumers of that
 * subject expect exactly that, so Avro values are never batched; `json` keeps the same shape for
 * consumers other than the evaluator that read one JSON point per record. Slower than `line`.
 * A point whose record would not fit in a batch of `maxMessageBytes` is refused with the
 * request (PointTooLargeError) before any record is sent.
 */
export class PointPerRecordEncoder implements RecordEncoder {
  constructor(
    private readonly keys: PartitionKeys,
    private readonly codec: PointCodec,
    private readonly maxMessageBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  async encode(points: readonly Point[]): Promise<EncodedRecord[]> {
    const records: EncodedRecord[] = [];
    const oversized = new OversizedPoints(this.maxMessageBytes, TOPIC_LIMIT_NAME);
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as Point;
      const key = partitionKeyFor(point, this.keys);
      const value = await this.codec.encode(point);
      const headers = dbrpHeaders(point.database, point.retentionPolicy);
      const headerSize = headerBytes(headers);
      if (!surelyFits(key.length, value.length, headerSize, this.maxMessageBytes)) {
        const alone = singleRecordBatchBytes(Buffer.byteLength(key), value.length, headerSize);
        if (alone > this.maxMessageBytes) {
          oversized.add(i, alone);
          continue;
        }
      }
      records.push({ key, value, headers, points: 1 });
    }
    oversized.check();
    return records;
  }
}
