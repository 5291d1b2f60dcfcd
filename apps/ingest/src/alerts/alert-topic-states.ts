import { AlertTopics, type TopicFollowing } from '@vigil/kapacitor-api';
import type { KeyedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { readEventRecord, REPLAY_HEADER, topicOfEvent } from '@vigil/topic-contract';

/**
 * Kapacitor's alert topics in the distributed mode, kept from the alerts topic (ALERTS_TOPIC):
 * ingest reads it from its oldest record, so after a restart every alert id's state is back as
 * far as the topic's retention reaches, and collects each event on its topic (its `.topic()`, or
 * the node's anonymous topic `main:<task>:<node>`). Records re-published by `vigil dlq replay`
 * are deliveries, not new events, and are skipped, as vigil serve's TopicFollower skips them.
 *
 * Deleting a topic forgets its states in this ingest only, until its restart reads them again:
 * the alerts topic is the evaluators' output and is not rewritten for a delete.
 */
export class AlertTopicStates implements TopicFollowing {
  readonly topics = new AlertTopics();
  private skipped = 0;

  constructor(private readonly logger: Logger) {}

  /** Collects the events of records read from the alerts topic, in each partition's order. */
  collect(records: readonly KeyedRecord[]): void {
    for (const record of records) {
      if (record.value === null || record.headers[REPLAY_HEADER] !== undefined) continue;
      let received;
      try {
        received = readEventRecord(record.value.toString('utf8'), record.headers);
      } catch (error) {
        // The notifier skips and counts such records; one line per thousand here is enough.
        if (this.skipped++ % 1000 === 0) this.logger.warn({ err: error, partition: record.partition, offset: record.offset.toString() }, 'alerts-topic record skipped for the alert topics: it breaks the alerts topic contract');
        continue;
      }
      const { alert } = received;
      this.topics.collect(topicOfEvent(received), { id: alert.id, message: alert.message, details: alert.details, time: alert.time, duration: alert.duration, level: alert.level });
    }
  }

  deleteTopic(topic: string): Promise<void> {
    this.topics.delete(topic);
    return Promise.resolve();
  }
}
