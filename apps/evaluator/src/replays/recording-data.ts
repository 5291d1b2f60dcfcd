import { readOffsetRanges, readTopicTimeRange, type TopicSnapshotOptions } from '@vigil/kafka';
import type { RecordingWritten } from '@vigil/topic-contract';

/** The kafkajs client createKafka makes, named without importing kafkajs outside @vigil/kafka. */
type Kafka = Parameters<typeof readOffsetRanges>[0];

/**
 * The records of the recording data topic that hold a recording's chunks: its offsets
 * `[first, last]` when the record keeps them, else (a record written before they were kept) the
 * records stamped in its `written` time range.
 */
export async function readRecordingData(kafka: Kafka, topic: string, written: RecordingWritten, options: TopicSnapshotOptions): Promise<{ key: string; value: Buffer | null }[]> {
  const { offsets } = written;
  const records = offsets === undefined ? await readTopicTimeRange(kafka, topic, Date.parse(written.from), Date.parse(written.to), options) : await readOffsets(kafka, topic, offsets, options);
  return records.map((record) => ({ key: record.key?.toString() ?? '', value: record.value }));
}

async function readOffsets(kafka: Kafka, topic: string, offsets: NonNullable<RecordingWritten['offsets']>, options: TopicSnapshotOptions): ReturnType<typeof readOffsetRanges> {
  // readOffsetRanges starts its group at the range's offsets through this admin.
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await readOffsetRanges(kafka, topic, new Map([[offsets.partition, { from: BigInt(offsets.first), to: BigInt(offsets.last) + 1n }]]), options, admin);
  } finally {
    await admin.disconnect();
  }
}
