import { randomUUID } from 'node:crypto';
import type { DeliveryTarget, PendingEvent } from '@vigil/delivery';
import { CompactedTopicFollower, ensureTopics, type createKafka, type KeyedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { compileTopicMatch, type TopicMatch } from '@vigil/tick-engine';
import { decodeTopicHandlerRecord, topicHandlerDeliveryKeyOf, topicOfEvent, type TopicHandlerRecord } from '@vigil/topic-contract';
import type { EventSubmitter } from './alert-dispatcher';

/** A followed topic handler: its record and its compiled `match`. */
interface FollowedHandler {
  readonly record: TopicHandlerRecord;
  readonly match: TopicMatch;
}

/** What a topic handler follower needs of its deployment. */
export interface TopicHandlerTargetsOptions {
  readonly topic: string;
  readonly clientId: string;
  readonly replicationFactor: number;
}

/**
 * The topic handlers Kapacitor's API defined through ingest (`define-topic-handler`), followed
 * from the topic-handlers topic, and delivered through: every event the notifier submits gets, beside
 * its task's own handlers, the handlers of its topic (its `.topic()`, or `main:<task>:<node>`),
 * as Kapacitor's topic hands each event to its handlers (`alert/topics.go`, `Topic.handleEvent`),
 * each handler only the events its `match` takes (compiled when the definition is read; one that
 * fails on an event, a tag the event lacks, skips that handler for it, as `matchHandler.Handle`).
 * They share the delivery scheduler: same ledger (key `topic:<topic>/<id>`), retries and dead
 * letters. The set is the one this notifier has read when it takes the event in hand; a handler
 * defined later gets the events read after it. A `vigil dlq replay` record gets them too, and the
 * ledger skips those already delivered.
 */
export class TopicHandlerTargets {
  private readonly byTopic = new Map<string, Map<string, FollowedHandler>>();
  private readonly keys = new Map<string, string>();
  private follower: CompactedTopicFollower | undefined;

  constructor(
    private readonly options: TopicHandlerTargetsOptions,
    private readonly logger: Logger,
  ) {}

  /** Reads the whole topic before resolving, so the first event is delivered with every handler defined before it. */
  async start(kafka: ReturnType<typeof createKafka>): Promise<void> {
    const { topic, clientId, replicationFactor } = this.options;
    await ensureTopics(kafka, [{ topic, partitions: 1, replicationFactor, configEntries: { 'cleanup.policy': 'compact' } }]);
    this.follower = new CompactedTopicFollower(kafka, this.logger, { topic, groupId: `${clientId}.topic-handlers.${randomUUID()}`, onRecords: (records) => this.apply(records) });
    await this.follower.start();
    this.logger.info({ topic, handlers: this.keys.size }, 'topic handlers read');
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  /** The scheduler seen through the topic handlers: each submitted event gets its topic's handlers as targets too. */
  targeting(scheduler: EventSubmitter): EventSubmitter {
    return { submit: (pending, signal) => scheduler.submit(this.withTargets(pending), signal) };
  }

  withTargets(pending: PendingEvent): PendingEvent {
    // A replay's anonymous topic is its own task master's (Kapacitor's replay runs in a task master of its own).
    const topic = topicOfEvent(pending.event, pending.replayId);
    const handlers = this.byTopic.get(topic);
    if (!handlers || handlers.size === 0) return pending;
    const targets: DeliveryTarget[] = [...handlers.values()]
      .filter((handler) => handler.match(pending.event))
      .map(({ record }) => ({ key: topicHandlerDeliveryKeyOf(topic, record.id), instruction: record.handler }));
    return targets.length === 0 ? pending : { ...pending, targets: [...pending.targets, ...targets] };
  }

  apply(records: readonly Pick<KeyedRecord, 'key' | 'value' | 'offset'>[]): void {
    for (const record of records) {
      this.forget(record.key);
      if (record.value === null) continue;
      try {
        const handler = decodeTopicHandlerRecord(record.key, record.value);
        // Ingest refuses a match that cannot compile; one written around it fails here and is skipped.
        const match = compileTopicMatch(handler.match);
        let handlers = this.byTopic.get(handler.topic);
        if (!handlers) this.byTopic.set(handler.topic, (handlers = new Map()));
        handlers.set(handler.id, { record: handler, match });
        this.keys.set(record.key, handler.topic);
      } catch (error) {
        this.logger.error({ err: error, key: record.key, offset: record.offset.toString() }, 'skipped a topic-handlers record that is not a topic handler, or whose match cannot compile');
      }
    }
  }

  private forget(key: string): void {
    const topic = this.keys.get(key);
    if (topic === undefined) return;
    this.keys.delete(key);
    const handlers = this.byTopic.get(topic);
    handlers?.delete(key.slice(topic.length + 1));
    if (handlers?.size === 0) this.byTopic.delete(topic);
  }
}
