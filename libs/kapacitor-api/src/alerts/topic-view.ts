import type { Level } from '@vigil/core';
import { LEVELS } from '@vigil/core';
import { formatGoDuration, formatRFC3339Nano } from '@vigil/go-format';
import { TaskRequestError } from '../http/task-request-error';
import type { TopicEventState, TopicSummary } from './alert-topics';

/** Where Kapacitor's alert service mounts its topics (`services/alert/api.go`, `topicsBasePath`). */
export const TOPICS_PATH = '/kapacitor/v1/alerts/topics';

/** A link as Kapacitor's client reads it. */
export interface Link {
  readonly rel: string;
  readonly href: string;
}

export const topicLink = (topic: string): Link => ({ rel: 'self', href: `${TOPICS_PATH}/${topic}` });
export const eventsLink = (topic: string, rel: string): Link => ({ rel, href: `${TOPICS_PATH}/${topic}/events` });
export const handlersLink = (topic: string, rel: string): Link => ({ rel, href: `${TOPICS_PATH}/${topic}/handlers` });
export const handlerLink = (topic: string, handler: string): Link => ({ rel: 'self', href: `${TOPICS_PATH}/${topic}/handlers/${handler}` });

/** Kapacitor's `client.Topic`. */
export function topicObject(id: string, summary: TopicSummary): Record<string, unknown> {
  return { link: topicLink(id), id, level: summary.level, collected: summary.collected, 'events-link': eventsLink(id, 'events'), 'handlers-link': handlersLink(id, 'handlers') };
}

/** Kapacitor's `client.TopicEvent`: the state with Go's JSON time and duration text. */
export function topicEventObject(topic: string, state: TopicEventState): Record<string, unknown> {
  return {
    link: { rel: 'self', href: `${TOPICS_PATH}/${topic}/events/${state.id}` },
    id: state.id,
    state: { message: state.message, details: state.details, time: formatRFC3339Nano(state.time), duration: formatGoDuration(state.duration), level: state.level },
  };
}

/**
 * `min-level` as Kapacitor's `alert.ParseLevel` reads it: any case, empty for OK; anything else
 * is 400 `unknown alert level 'X'`.
 */
export function readMinLevel(text: string): Level {
  if (text === '') return 'OK';
  const level = LEVELS.find((known) => known === text.toUpperCase());
  if (!level) throw new TaskRequestError(`unknown alert level '${text.toUpperCase()}'`);
  return level;
}
