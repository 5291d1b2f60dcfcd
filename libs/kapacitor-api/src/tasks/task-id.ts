import { taskNameProblem } from '@vigil/evaluation';
import { KAPACITOR_ID } from '../alerts/topic-names';
import { TaskRequestError } from '../http/task-request-error';

/**
 * Refuses the id of a new task before anything is stored. An id outside Kapacitor's id
 * characters gets Kapacitor's own answer (`handleCreateTask`, `validTaskID`), so clients that
 * match on it see the same; vigil's narrower limits (ASCII, 200 characters, not `.` or `..`, as
 * the id names Kafka topics, keys and files) come after with their own reason.
 */
export function checkNewTaskId(id: string): void {
  if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`task ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
  const problem = taskNameProblem(id);
  if (problem !== undefined) throw new TaskRequestError(`task ID ${JSON.stringify(id)}: ${problem}`);
}
