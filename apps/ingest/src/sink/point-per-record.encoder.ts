import type { Point } from '@vigil/core';
import { partitionKeyFor, type PartitionKeys } from '@vigil/evaluation';
import type { OutgoingMessage, PointCodec } from '@vigil/kafka';
import { dbrpHeaders, type RecordEncoder } from './record-encoder';

/**
 * One record per point in the topic's point codec, for POINTS_ENCODING `avro` and `json`. The
 * registry's schema (`<topic>-value`) describes one point per value, and consumers of that
 * subject expect exactly that, so Avro values are never batched; `json` keeps the same shape for
 * consumers other than the evaluator that read one JSON point per record. Slower than `line`.
 */
export class PointPerRecordEncoder implements RecordEncoder {
  constructor(
    private readonly keys: PartitionKeys,
    private readonly codec: PointCodec,
  ) {}

  async encode(points: readonly Point[]): Promise<OutgoingMessage[]> {
    const records = new Array<OutgoingMessage>(points.length);
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as Point;
      records[i] = {
        key: partitionKeyFor(point, this.keys),
        value: await this.codec.encode(point),
        headers: dbrpHeaders(point.database, point.retentionPolicy),
      };
    }
    return records;
  }
}
