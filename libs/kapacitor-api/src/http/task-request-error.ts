/** A task request vigil cannot take (400), with the message the API answers. */
export class TaskRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskRequestError';
  }
}
