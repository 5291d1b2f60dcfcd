import type { TopicFollower } from '../../alerts/topic-follower';
import type { TopicHandlerStore } from '../../alerts/topic-handler-store';

/**
 * Kapacitor's alert service in `vigil serve`: the topics with their event states, and the topic
 * handlers; @vigil/kapacitor-api's topic routes read it as their AlertsContext.
 */
export interface AlertsContext {
  readonly topics: TopicFollower;
  readonly handlers: TopicHandlerStore;
}
