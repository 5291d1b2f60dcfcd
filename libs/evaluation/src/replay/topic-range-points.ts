import type { Point } from '@vigil/core';
import type { InputMessage, MessageDecoder } from '../decode/message-decoder';
import { pointsByTime } from './points-by-time';

/** A record of a time range of the points topic (the shape @vigil/kafka's ConsumedMessage has). */
export interface RangeRecord extends InputMessage {
  readonly partition: number;
}

/** A record of the range some of whose lines or values were not points (they are skipped). */
export interface UnreadableRecord {
  readonly partition: number;
  readonly offset: string;
  readonly errors: number;
  readonly firstError: string;
}

/**
 * The points of records read from a range of the points topic, decoded as the evaluator decodes
 * them, kept when `keep` says so, each partition's in offset order and the partitions interleaved
 * by point time (`pointsByTime`): what `vigil replay --from-topic` and a distributed replay of a
 * recording run their task over.
 */
export async function pointsOfTopicRange(decoder: MessageDecoder, records: readonly RangeRecord[], keep: (point: Point) => boolean, onUnreadable: (record: UnreadableRecord) => void): Promise<Point[]> {
  const decoded = await decoder.decodeAll(records);
  const byPartition = new Map<number, Point[]>();
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as RangeRecord;
    const message = decoded[index];
    if (message === undefined) continue;
    if (message.firstError !== undefined) onUnreadable({ partition: record.partition, offset: record.offset, errors: message.errors, firstError: message.firstError });
    let points = byPartition.get(record.partition);
    if (!points) byPartition.set(record.partition, (points = []));
    for (const point of message.points) if (keep(point)) points.push(point);
  }
  return pointsByTime(byPartition);
}
