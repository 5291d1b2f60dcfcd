import type { Level } from '@vigil/core';
import type { TopicEventState, TopicSummary } from './alert-topics';
import type { TopicHandlerSpec } from './topic-handler-spec';

/** Nest token of the alert service the topic routes read. */
export const ALERTS_CONTEXT = Symbol('ALERTS_CONTEXT');

/** What the topic routes read of a mode's alert topics (AlertTopics, kept current from its events). */
export interface TopicStates {
  ids(): string[];
  summary(topic: string): TopicSummary | undefined;
  events(topic: string, minLevel?: Level): TopicEventState[] | undefined;
  event(topic: string, id: string): TopicEventState | undefined;
  /** Creates an empty topic unless it exists, as a handler's topic exists before its first event. */
  ensure(topic: string): unknown;
}

/** A mode's topics with their event states, and how it deletes one (`DeleteTopic`). */
export interface TopicFollowing {
  readonly topics: TopicStates;
  deleteTopic(topic: string): Promise<void>;
}

/**
 * A mode's topic handlers: `vigil serve`'s in its data folder, the distributed mode's in the
 * topic-handlers topic. A change resolves once durable, or rejects with a TopicHandlerError
 * (400) saying why the definition is refused.
 */
export interface TopicHandlerRegistry {
  /** The handlers of a topic, in id order. */
  of(topic: string): readonly { readonly spec: TopicHandlerSpec }[];
  get(topic: string, id: string): { readonly spec: TopicHandlerSpec } | undefined;
  create(spec: TopicHandlerSpec): Promise<{ readonly spec: TopicHandlerSpec }>;
  replace(old: TopicHandlerSpec, spec: TopicHandlerSpec): Promise<{ readonly spec: TopicHandlerSpec }>;
  /** Deleting one that does not exist is not an error (Kapacitor's DAO). */
  delete(topic: string, id: string): Promise<void>;
}

/** Kapacitor's alert service as the topic routes see it: the topics with their event states, and the topic handlers. */
export interface AlertsContext {
  readonly topics: TopicFollowing;
  readonly handlers: TopicHandlerRegistry;
}
