import { TaskRequestError } from '../http/task-request-error';
import { checkNewTaskId } from './task-id';

describe('checkNewTaskId', () => {
  it.each(['cpu', 'cpu.high_2-b', '...'])('takes %s', (id) => {
    expect(() => checkNewTaskId(id)).not.toThrow();
  });

  it.each(['a/b', 'a b', 'cpu:high', 'x\n'])("answers %j with Kapacitor's message", (id) => {
    expect(() => checkNewTaskId(id)).toThrow(new TaskRequestError(`task ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`));
  });

  it.each(['.', '..'])('refuses %s, which Kapacitor takes but names a folder', (id) => {
    expect(() => checkNewTaskId(id)).toThrow(new TaskRequestError(`task ID "${id}": task names cannot be "." or "..", which name folders`));
  });

  it.each(['été', 'x'.repeat(201)])("refuses %s, which fits Kapacitor's letters but not vigil's alphabet or length", (id) => {
    expect(() => checkNewTaskId(id)).toThrow(new TaskRequestError(`task ID ${JSON.stringify(id)}: task names may only use 1 to 200 ASCII letters, digits, ".", "_" and "-"`));
  });
});
