import { AlertTopics, REPLAY_ID_HEADER, type TopicFollowing } from '@vigil/kapacitor-api';
import type { KeyedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { decodeTopicDeletionRecord, encodeTopicDeletionRecord, readEventRecord, REPLAY_HEADER, topicOfEvent } from '@vigil/topic-contract';

/**
 * Kapacitor's alert topics in the distributed mode, kept from the alerts topic (ALERTS_TOPIC):
 * ingest reads it from its oldest record, so after a restart every alert id's state is back as
 * far as the topic's retention reaches, and collects each event on its topic (its `.topic()`, or
 * the node's anonymous topic `main:<task>:<node>`). Records re-published by `vigil dlq replay`
 * are deliveries, not new events, and are skipped, as vigil serve's TopicFollower skips them.
 *
 * Deleting a topic writes, to the topic-deletions topic, the end offset of each partition of
 * the alerts topic at that moment; every ingest skips the topic's events below those positions,
 * after a restart too, and the topic comes back with its next event, as Kapacitor's does. The
 * ends, not how far this ingest has read, because right after a restart it is still reading the
 * history in the background: positions it had reached would let the older events it reads next
 * bring the deleted topic back. An ingest that reads another's deletion forgets the topic's
 * states at once.
 */
export class AlertTopicStates implements TopicFollowing {
  readonly topics = new AlertTopics();
  /** Alerts-topic partition -> the first offset not yet collected. */
  private readonly read = new Map<number, bigint>();
  /** Deleted topic -> the positions below which its events are skipped. */
  private readonly deletions = new Map<string, ReadonlyMap<number, bigint>>();
  private skipped = 0;

  constructor(
    private readonly logger: Logger,
    /** ALERTS_TOPIC: the topic whose positions a deletion records. */
    private readonly alertsTopic: string,
    /** Writes a deletion's record (key = the topic) and resolves once Kafka has it. */
    private readonly writeDeletion: (topic: string, value: string) => Promise<unknown>,
    /**
     * The alerts topic's end offset per partition now (CompactedTopicFollower.endOffsets). Until
     * ControlPlane passes it, a deletion records how far this ingest has read instead.
     */
    private readonly endOffsets?: () => Promise<ReadonlyMap<number, bigint>>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Collects the events of records read from the alerts topic, in each partition's order. */
  collect(records: readonly KeyedRecord[]): void {
    for (const record of records) {
      this.read.set(record.partition, record.offset + 1n);
      if (record.value === null || record.headers[REPLAY_HEADER] !== undefined) continue;
      let received;
      try {
        received = readEventRecord(record.value.toString('utf8'), record.headers);
      } catch (error) {
        // The notifier skips and counts such records; one line per thousand here is enough.
        if (this.skipped++ % 1000 === 0) this.logger.warn({ err: error, partition: record.partition, offset: record.offset.toString() }, 'alerts-topic record skipped for the alert topics: it breaks the alerts topic contract');
        continue;
      }
      // A replay's anonymous topic is its own task master's, which Kapacitor closes when the replay ends: only a named topic keeps its events.
      if (record.headers[REPLAY_ID_HEADER] !== undefined && received.topic === '') continue;
      const topic = topicOfEvent(received);
      if (record.offset < (this.deletions.get(topic)?.get(record.partition) ?? 0n)) continue;
      const { alert } = received;
      this.topics.collect(topic, { id: alert.id, message: alert.message, details: alert.details, time: alert.time, duration: alert.duration, level: alert.level });
    }
  }

  /** Applies records of the topic-deletions topic (this ingest's own, read back, or another's). */
  applyDeletions(records: readonly KeyedRecord[]): void {
    for (const record of records) {
      if (record.value === null) continue;
      try {
        const deletion = decodeTopicDeletionRecord(record.key, record.value);
        if (deletion.alertsTopic !== this.alertsTopic) {
          this.logger.warn({ key: record.key, topic: deletion.alertsTopic }, `topic deletion ignored: its positions are of another alerts topic than ${this.alertsTopic} (two deployments share the topic-deletions topic?)`);
          continue;
        }
        // This ingest's own deletion, read back, was applied when written: events collected since stay.
        if (samePositions(this.deletions.get(deletion.topic), deletion.positions)) continue;
        this.deletions.set(deletion.topic, deletion.positions);
        this.topics.delete(deletion.topic);
      } catch (error) {
        this.logger.error({ err: error, key: record.key, offset: record.offset.toString() }, 'skipped a record that is not a topic deletion');
      }
    }
  }

  async deleteTopic(topic: string): Promise<void> {
    const positions = new Map(this.endOffsets ? await this.endOffsets() : this.read);
    await this.writeDeletion(topic, encodeTopicDeletionRecord({ topic, alertsTopic: this.alertsTopic, deleted: this.now().toISOString(), positions }));
    this.deletions.set(topic, positions);
    this.topics.delete(topic);
  }
}

function samePositions(a: ReadonlyMap<number, bigint> | undefined, b: ReadonlyMap<number, bigint>): boolean {
  return a !== undefined && a.size === b.size && [...b].every(([partition, offset]) => a.get(partition) === offset);
}
