import type { TopicFollower } from '../../alerts/topic-follower';
import type { TopicHandlerStore } from '../../alerts/topic-handler-store';

/** Nest token of the alert service the topic routes read. */
export const ALERTS_CONTEXT = Symbol('ALERTS_CONTEXT');

/** Kapacitor's alert service in `vigil serve`: the topics with their event states, and the topic handlers. */
export interface AlertsContext {
  readonly topics: TopicFollower;
  readonly handlers: TopicHandlerStore;
}
