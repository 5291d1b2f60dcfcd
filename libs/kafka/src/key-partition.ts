import { Partitioners, type PartitionMetadata } from 'kafkajs';

/** kafkajs' own key partitioner (Java's murmur2 one), asked with a synthetic partition list. */
const partitioner = Partitioners.DefaultPartitioner();
const metadataByCount = new Map<number, PartitionMetadata[]>();

/**
 * The partition a record with this key lands on in a topic of `partitions` partitions, exactly
 * as AckedProducer (and every Java-compatible client) places it. Lets a writer put records of
 * several keys that share a partition into one record with an explicit partition.
 */
export function partitionForKey(key: string, partitions: number): number {
  let metadata = metadataByCount.get(partitions);
  if (!metadata) {
    metadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
    metadataByCount.set(partitions, metadata);
  }
  return partitioner({ topic: '', partitionMetadata: metadata, message: { key, value: null } });
}
