import type { Admin, Kafka } from 'kafkajs';
import type { Redis } from '@vigil/redis';
import { waitFor, type RunningProcess } from '@vigil/testing';

/** A service process an e2e deployment started, named for failure messages. */
export interface NamedProcess {
  readonly name: string;
  readonly process: RunningProcess;
}

/** Kills the processes (SIGKILL) and waits until each has exited, whatever its exit status. */
export async function killAll(processes: readonly RunningProcess[]): Promise<void> {
  for (const process of processes) {
    process.kill();
    await process.exited.catch(() => undefined);
  }
}

/**
 * Removes what a deployment left on the shared infrastructure: its Redis keys (`<id>:*`) and its
 * Kafka topics (every name starting with the id). Every e2e deployment names all it makes after
 * its unique id, so that this cannot touch another test's data.
 */
export async function removeLeftovers(id: string, redis: Redis, kafka: Kafka | undefined): Promise<void> {
  const keys = await redis.keys(`${id}:*`);
  if (keys.length > 0) await redis.del(...keys);
  if (!kafka) return;
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(id));
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

/** Whether the group has committed every record of each topic (an empty partition counts as done). */
async function groupCommittedAll(admin: Admin, groupId: string, topics: readonly string[]): Promise<boolean> {
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map((committed[0]?.partitions ?? []).map((entry) => [entry.partition, BigInt(entry.offset)]));
    if (!ends.every((end) => BigInt(end.high) === 0n || (byPartition.get(end.partition) ?? -1n) >= BigInt(end.high))) return false;
  }
  return true;
}

export interface GroupCommittedWait {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** What is awaited, for the timeout message. */
  readonly what: string;
  /** The processes whose last output a timeout message carries, as they are when it happens. */
  readonly processes: () => readonly NamedProcess[];
}

/** Resolves once the group has committed every record of the topics: what it consumed is settled. */
export async function waitUntilGroupCommitted(kafka: Kafka, wait: GroupCommittedWait): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(async () => groupCommittedAll(admin, wait.groupId, wait.topics), { timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs, what: wait.what });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lastOutputs(wait.processes())}`);
  } finally {
    await admin.disconnect();
  }
}

/** The last part of every process's output, for failure messages. */
export function lastOutputs(processes: readonly NamedProcess[]): string {
  return processes.map(({ name, process }) => `${name}:\n${process.output().slice(-4000)}`).join('\n');
}
