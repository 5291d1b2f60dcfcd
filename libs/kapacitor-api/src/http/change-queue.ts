/**
 * Runs changes one at a time, in call order; a failed change does not stop the next. The stores
 * of the distributed mode serialize their changes with it, and the API its creates, each from
 * its "already exists" check to the store's answer.
 */
export class ChangeQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(change: () => Promise<T>): Promise<T> {
    const run = this.tail.then(change, change);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
