/** A change the catalog refuses, with the message an API answers (400, or 404 for `missing`). */
export class TaskChangeError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
    this.name = 'TaskChangeError';
  }
}
