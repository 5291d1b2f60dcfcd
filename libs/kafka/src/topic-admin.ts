import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** 1 on a single broker; the cluster default (-1) is not used so tests are deterministic. */
  readonly replicationFactor?: number;
  /** Topic-level settings such as `retention.ms`. */
  readonly configEntries?: Readonly<Record<string, string>>;
}

export interface TopicState {
  readonly topic: string;
  readonly partitions: number;
  /** True when this call created the topic, false when it existed already. */
  readonly created: boolean;
}

/**
 * Creates each topic that does not exist yet, and reports how many partitions every topic has.
 * Calling it again (or from several processes at once) is harmless. An existing topic is never
 * changed: adding partitions would move keys to other partitions and so split a series' state,
 * so a topic with a different partition count is reported, not "fixed". A retriable error is
 * tried again twice (`retryDelayMs`, then twice that); a topic the failed attempt made is then
 * reported as existing (`created` false).
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[], retryDelayMs = 500): Promise<TopicState[]> {
  // A topic just created may be reported unknown by a broker whose metadata is not yet current
  // (kafkajs's createTopics waits for leaders but gives up on UNKNOWN_TOPIC_OR_PARTITION, seen on
  // a loaded machine); such errors are retriable, and a second call finds the topics made.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ensureTopicsOnce(kafka, specs);
    } catch (error) {
      if (attempt >= 3 || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
    }
  }
}

async function ensureTopicsOnce(kafka: Kafka, specs: readonly TopicSpec[]): Promise<TopicState[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor ?? 1,
          configEntries: Object.entries(spec.configEntries ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
    const created = new Set(missing.map((spec) => spec.topic));
    return metadata.topics.map((topic) => ({
      topic: topic.name,
      partitions: topic.partitions.length,
      created: created.has(topic.name),
    }));
  } finally {
    await admin.disconnect();
  }
}
