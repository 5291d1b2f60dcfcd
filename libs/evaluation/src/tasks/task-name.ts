/**
 * Task names become Kafka topic names, Kafka record keys, Redis keys and file names, so they keep
 * to Kafka's topic alphabet (Kapacitor's id characters, in ASCII) and a length every file system
 * takes. `.` and `..` fit the alphabet but name folders, and would address a path, not a task.
 */
const TASK_NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** Why `name` cannot name a task, or undefined when it can. */
export function taskNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return 'task names cannot be "." or "..", which name folders';
  if (!TASK_NAME.test(name)) return 'task names may only use 1 to 200 ASCII letters, digits, ".", "_" and "-"';
  return undefined;
}
