import { isBatchTask, type BatchLoop, type TaskDefinition } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';

/** The stream tasks of a set, for the evaluation loop (batch tasks read no points). */
export function streamTasksOf(definitions: readonly TaskDefinition[]): TaskDefinition[] {
  return definitions.filter((definition) => !isBatchTask(definition));
}

/**
 * The running batch loop, replaced when the set of tasks changes (the define API), as the
 * EvaluatorSlot replaces the evaluation loop: the old loop finishes its run and saves, then the
 * new one restores the schedules of the tasks that stay from that checkpoint. A new or re-enabled
 * task starts its schedule afresh, as Kapacitor starts a task's ticker when it is enabled.
 */
export class BatchSlot {
  private loop: BatchLoop | undefined;
  private stopping = false;
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly create: (tasks: readonly TaskDefinition[]) => BatchLoop,
    private readonly logger: Logger,
  ) {}

  /** Starts the batch tasks among `definitions`. */
  async start(definitions: readonly TaskDefinition[]): Promise<void> {
    this.loop = this.create(definitions.filter(isBatchTask));
    await this.loop.start();
  }

  /** Runs the batch tasks among the new set; resolves once they are scheduled. */
  replace(definitions: readonly TaskDefinition[]): Promise<void> {
    const change = this.changes.then(async () => {
      if (this.stopping) throw new Error('the server is stopping; the task change applies at the next start');
      const tasks = definitions.filter(isBatchTask);
      await this.loop?.stop();
      this.loop = this.create(tasks);
      await this.loop.start();
      if (tasks.length > 0) this.logger.debug({ tasks: tasks.map((task) => task.name) }, 'batch tasks changed');
    });
    this.changes = change.catch(() => undefined);
    return change;
  }

  healthy(): boolean {
    return this.loop?.healthy() ?? true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.changes;
    await this.loop?.stop();
  }
}
