/** A partition of a topic: the unit of ownership in a consumer group. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What changed for one member between two assignments. */
export interface AssignmentChange {
  readonly assigned: readonly TopicPartition[];
  readonly revoked: readonly TopicPartition[];
}

/** kafkajs reports an assignment as `{ topic: [partition, ...] }`. */
export type AssignmentMap = Readonly<Record<string, readonly number[]>>;

export function partitionKey(tp: TopicPartition): string {
  return `${tp.topic}:${tp.partition}`;
}

export function flattenAssignment(assignment: AssignmentMap): TopicPartition[] {
  const partitions: TopicPartition[] = [];
  for (const topic of Object.keys(assignment).sort()) {
    for (const partition of [...(assignment[topic] ?? [])].sort((a, b) => a - b)) {
      partitions.push({ topic, partition });
    }
  }
  return partitions;
}

/**
 * Compares the partitions owned before and after a group join. kafkajs uses eager rebalancing
 * and tells a member only its new assignment, so "revoked" is derived here: what was owned
 * before and is not owned now. A partition kept across the rebalance is neither assigned nor
 * revoked, so its in-memory state stays as it is.
 */
export function diffAssignment(before: readonly TopicPartition[], after: readonly TopicPartition[]): AssignmentChange {
  const beforeKeys = new Set(before.map(partitionKey));
  const afterKeys = new Set(after.map(partitionKey));
  return {
    assigned: after.filter((tp) => !beforeKeys.has(partitionKey(tp))),
    revoked: before.filter((tp) => !afterKeys.has(partitionKey(tp))),
  };
}
