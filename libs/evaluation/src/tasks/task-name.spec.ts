import { taskNameProblem } from './task-name';

describe('taskNameProblem', () => {
  it.each(['cpu', 'cpu.high', 'a_b-c', '...', '.cpu', 'x'.repeat(200)])('accepts %s', (name) => {
    expect(taskNameProblem(name)).toBeUndefined();
  });

  it.each(['.', '..'])('refuses %s, which names a folder', (name) => {
    expect(taskNameProblem(name)).toBe('task names cannot be "." or "..", which name folders');
  });

  it.each(['', 'a/b', 'a b', 'été', 'x'.repeat(201)])('refuses %j by its alphabet and length', (name) => {
    expect(taskNameProblem(name)).toBe('task names may only use 1 to 200 ASCII letters, digits, ".", "_" and "-"');
  });
});
