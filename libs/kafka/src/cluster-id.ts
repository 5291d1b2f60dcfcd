import type { Kafka } from 'kafkajs';

/**
 * The Kafka cluster's own id (what `kafka-cluster cluster-id` prints, kept in every broker's
 * meta.properties): the same for every client of the cluster and for as long as the cluster
 * lives, so services use it as their shared cluster id. Throws when the cluster gives none.
 */
export async function kafkaClusterId(kafka: Kafka): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { clusterId } = await admin.describeCluster();
    if (!clusterId) throw new Error('the Kafka cluster did not say its cluster id (describeCluster answered none)');
    return clusterId;
  } finally {
    await admin.disconnect();
  }
}
