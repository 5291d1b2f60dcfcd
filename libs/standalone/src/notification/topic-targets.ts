import type { DeliveryTarget, HandlerKey, PendingEvent } from '@vigil/delivery';
import type { TopicHandlerStore } from '../alerts/topic-handler-store';
import { MAIN_TASK_MASTER, REPLAY_ID_HEADER, topicHandlerDeliveryKeyOf, topicOfEvent } from '@vigil/kapacitor-api';

/**
 * Adds to an event read from the event log the topic handlers of its topic whose match takes it,
 * as Kapacitor's topic hands every collected event to each of its handlers (`alert/topics.go`,
 * `Topic.handleEvent`), beside the task's own. They go through the same DeliveryScheduler: same
 * ledger, retries and dead letters. On a dead-letter replay only the handlers it names are added.
 */
export function withTopicTargets(pending: PendingEvent, headers: Readonly<Record<string, string>>, handlers: TopicHandlerStore, replayKeys: readonly HandlerKey[] | undefined): PendingEvent {
  const topic = topicOfEvent(pending.event, headers[REPLAY_ID_HEADER] ?? MAIN_TASK_MASTER);
  const targets: DeliveryTarget[] = handlers
    .of(topic)
    .filter((handler) => handler.match(pending.event))
    .map((handler) => ({ key: topicHandlerDeliveryKeyOf(topic, handler.spec.id), instruction: handler.instruction }))
    .filter((target) => replayKeys === undefined || replayKeys.includes(target.key));
  return targets.length === 0 ? pending : { ...pending, targets: [...pending.targets, ...targets] };
}
