/**
 * Runs the API's creates one at a time, each from its "already exists" check to the store's
 * answer, as Kapacitor's `handleCreateTask` relies on its storage's `Create` failing for an id
 * that exists. Without it two creates of one new id arriving together both find it free and both
 * succeed, the second silently replacing the first. A failed create does not stop the next.
 */
export class CreateQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(create: () => Promise<T>): Promise<T> {
    const run = this.tail.then(create, create);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
