import { join } from 'node:path';
import type { HandlerConfig } from '@vigil/alert-handlers';
import type { Logger } from '@vigil/observability';
import type { DataFolder } from '../storage/data-folder';
import type { TailedLog } from '../tailing/tailed-log';
import { TopicFollower } from './topic-follower';
import { TopicHandlerStore } from './topic-handler-store';

export { TopicFollower } from './topic-follower';

/** The file in the data folder where the alert topics' event states are kept. */
export const ALERT_TOPICS_FILE = 'alert-topics.json';

/** The file in the data folder where the topic handlers are defined. */
export const TOPIC_HANDLERS_FILE = 'topic-handlers.json';

/**
 * Opens the folder's alert topics, caught up with the event log. A topic with handlers exists
 * before its first event, as Kapacitor's `RegisterHandler` creates it.
 */
export async function openTopics(folder: DataFolder, events: TailedLog, handlers: TopicHandlerStore, logger: Logger): Promise<TopicFollower> {
  const follower = new TopicFollower({ events, path: join(folder.paths.root, ALERT_TOPICS_FILE), saveIntervalMs: 5000, batchRecords: 1000, logger });
  await follower.start();
  for (const topic of handlers.topics()) follower.topics.ensure(topic);
  return follower;
}

/** Opens the folder's topic handlers. */
export function openTopicHandlers(folder: DataFolder, config: HandlerConfig): Promise<TopicHandlerStore> {
  return TopicHandlerStore.open(join(folder.paths.root, TOPIC_HANDLERS_FILE), config);
}
