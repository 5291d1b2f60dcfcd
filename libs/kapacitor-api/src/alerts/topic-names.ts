/**
 * Kapacitor names the topic an alert node's own handlers listen on after the task master, the
 * task and the node (`alert.go`, `newAlertNode`: `anonTopic = "<tm id>:<task>:<node>"`). The
 * server's task master is `main` (`kapacitor.MainTaskMaster`); a replay runs in a task master
 * named after the replay's id (`replay/service.go`, `doReplay`: `TaskMaster.New(replay.ID)`).
 */
export const MAIN_TASK_MASTER = 'main';

/**
 * Event-log header of an event a replay produced: the replay's id, which is its task master's.
 * The notifier delivers such an event like any other; the topics record it only on a named topic,
 * since Kapacitor closes a replay's anonymous topics when the replay ends.
 */
export const REPLAY_ID_HEADER = 'vigil-replay-id';

/** The anonymous topic of an alert node. */
export function anonymousTopicOf(task: string, node: string, taskMaster: string = MAIN_TASK_MASTER): string {
  return `${taskMaster}:${task}:${node}`;
}

/** The topic an event was published to: its `.topic()`, or the node's anonymous topic when it has none. */
export function topicOfEvent(event: { readonly task: string; readonly node: string; readonly topic: string }, taskMaster: string = MAIN_TASK_MASTER): string {
  return event.topic === '' ? anonymousTopicOf(event.task, event.node, taskMaster) : event.topic;
}

/** The characters Kapacitor allows in a topic id (`services/alert/dao.go`, `validTopicID`). */
const TOPIC_ID = /^[-:._\p{L}0-9]+$/u;
/** The characters Kapacitor allows in a topic handler id (`validHandlerID`). */
const HANDLER_ID = /^[-._\p{L}0-9]+$/u;

export function isValidTopicId(id: string): boolean {
  return TOPIC_ID.test(id);
}

export function isValidHandlerId(id: string): boolean {
  return HANDLER_ID.test(id);
}
