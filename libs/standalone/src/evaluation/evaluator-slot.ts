import type { TaskDefinition } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import type { EvaluationLoop } from './evaluation-loop';

/**
 * The running evaluation loop, replaced when the set of tasks changes (the define API): the old
 * loop finishes its step and saves its checkpoint, then a loop with the new tasks restores from
 * that checkpoint and reads on from its offset. Tasks that stay keep their state, a new task
 * starts empty with the next points, as a task defined in Kapacitor does.
 */
export class EvaluatorSlot {
  private loop: EvaluationLoop | undefined;
  private stopping = false;
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly create: (tasks: readonly TaskDefinition[]) => EvaluationLoop,
    private readonly logger: Logger,
  ) {}

  async start(tasks: readonly TaskDefinition[]): Promise<void> {
    this.loop = this.create(tasks);
    await this.loop.start();
  }

  current(): EvaluationLoop | undefined {
    return this.loop;
  }

  replace(tasks: readonly TaskDefinition[]): Promise<void> {
    const change = this.changes.then(async () => {
      if (this.stopping) throw new Error('the server is stopping; the task change applies at the next start');
      await this.loop?.stop();
      this.loop = this.create(tasks);
      await this.loop.start();
      this.logger.info({ tasks: tasks.map((task) => task.name) }, 'tasks changed; evaluating the new set from the checkpoint on');
    });
    this.changes = change.catch(() => undefined);
    return change;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.changes;
    await this.loop?.stop();
  }
}
