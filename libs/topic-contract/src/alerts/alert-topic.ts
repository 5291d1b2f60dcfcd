/**
 * Kapacitor names the topic an alert node's own handlers listen on after the task master, the
 * task and the node (`alert.go`, `newAlertNode`: `anonTopic = "<tm id>:<task>:<node>"`). The
 * server's task master is `main` (`kapacitor.MainTaskMaster`); a replay runs in a task master
 * named after the replay's id (`replay/service.go`, `doReplay`: `TaskMaster.New(replay.ID)`).
 */
export const MAIN_TASK_MASTER = 'main';

/** The anonymous topic of an alert node. */
export function anonymousTopicOf(task: string, node: string, taskMaster: string = MAIN_TASK_MASTER): string {
  return `${taskMaster}:${task}:${node}`;
}

/**
 * The topic an event was published to: its `.topic()` (header `vigil-topic`), or the node's
 * anonymous topic when it has none. Every reader of the alerts topic that groups events by topic
 * (ingest's alert topics, the notifier's topic handlers, vigil serve) names it with this.
 */
export function topicOfEvent(event: { readonly task: string; readonly node: string; readonly topic: string }, taskMaster: string = MAIN_TASK_MASTER): string {
  return event.topic === '' ? anonymousTopicOf(event.task, event.node, taskMaster) : event.topic;
}
