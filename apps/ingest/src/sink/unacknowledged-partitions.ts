import type { DeliveredBatch, OutgoingMessage } from '@vigil/kafka';

/**
 * The explicit partitions of `messages` that Kafka's answer does not mention. kafkajs drops,
 * without an error, records for a partition missing from the producer's metadata (a partition
 * added since its last metadata refresh) and still resolves the send; this is how the writer
 * notices and answers 503 instead of 204, so the client writes the points again. Records placed
 * by key are left out: the producer's partitioner only picks partitions it knows.
 */
export function unacknowledgedPartitions(messages: readonly OutgoingMessage[], delivered: readonly DeliveredBatch[]): number[] {
  const acknowledged = new Set(delivered.map((batch) => batch.partition));
  const missing = new Set<number>();
  for (const message of messages) {
    if (message.partition !== undefined && !acknowledged.has(message.partition)) missing.add(message.partition);
  }
  return [...missing].sort((a, b) => a - b);
}
