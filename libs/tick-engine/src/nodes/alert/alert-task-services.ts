import type { TaskContext } from '../../runtime/node-runtime';
import { AlertTopicState } from './alert-topic-state';
import { InhibitorRegistry } from './inhibitor-registry';

/**
 * What the alert nodes of one task share: the inhibitors (`.inhibit()` of one node drops events
 * of another node's `.category()`) and the named topics (`.topic('x')` used by two nodes keeps
 * one event state per alert id).
 *
 * The nodes of a task are built with the same TaskContext object, so it identifies the task
 * without a change to the build contract; a WeakMap lets the services go with the task.
 */
export interface AlertTaskServices {
  readonly inhibitors: InhibitorRegistry;
  namedTopic(name: string): AlertTopicState;
}

const servicesByTask = new WeakMap<TaskContext, AlertTaskServices>();

export function alertTaskServices(task: TaskContext): AlertTaskServices {
  let services = servicesByTask.get(task);
  if (!services) {
    const topics = new Map<string, AlertTopicState>();
    services = {
      inhibitors: new InhibitorRegistry(),
      namedTopic(name: string): AlertTopicState {
        let topic = topics.get(name);
        if (!topic) {
          topic = new AlertTopicState();
          topics.set(name, topic);
        }
        return topic;
      },
    };
    servicesByTask.set(task, services);
  }
  return services;
}
