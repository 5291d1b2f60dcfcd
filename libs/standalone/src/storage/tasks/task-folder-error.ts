/** Thrown for a task name or task file the folder cannot take; says which and why. */
export class TaskFolderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskFolderError';
  }
}
