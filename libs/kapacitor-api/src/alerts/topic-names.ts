// The topic names every reader of the alerts topic shares live in the topic contract.
import { EVENT_HEADERS } from '@vigil/topic-contract';
export { anonymousTopicOf, MAIN_TASK_MASTER, topicHandlerDeliveryKeyOf, topicOfEvent } from '@vigil/topic-contract';

/**
 * Header of an event a replay produced (vigil serve's event log, the alerts topic): the replay's
 * id, which is its task master's. The notifier delivers such an event like any other; the topics
 * record it only on a named topic, since Kapacitor closes a replay's anonymous topics when the
 * replay ends.
 */
export const REPLAY_ID_HEADER = EVENT_HEADERS.replayId;

/** The characters Kapacitor allows in a topic id (`services/alert/dao.go`, `validTopicID`). */
const TOPIC_ID = /^[-:._\p{L}0-9]+$/u;
/** The characters Kapacitor allows in a topic handler, recording or replay id (`validHandlerID`, `validID`). */
export const KAPACITOR_ID = /^[-._\p{L}0-9]+$/u;

export function isValidTopicId(id: string): boolean {
  return TOPIC_ID.test(id);
}

export function isValidHandlerId(id: string): boolean {
  return KAPACITOR_ID.test(id);
}
