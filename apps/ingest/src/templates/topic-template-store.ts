import { checkTemplateId, compileTemplate, retemplatedTask, TaskChangeError, type KapacitorTemplate, type TemplateStore } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { decodeTemplateRecord, encodeTemplateRecord } from '@vigil/topic-contract';
import { KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';
import type { TaskRecordWrite, TopicTaskStore } from '../tasks/topic-task-store';

/**
 * The distributed mode's templates (Kapacitor's template API): the templates topic (compacted,
 * key = template id, one partition) as ingest reads it. Defining a template that exists gives
 * every task made from it the new script, as Kapacitor's `updateAllAssociatedTasks` does: the
 * whole set is checked first (a task that cannot take the new script refuses the change, naming
 * it), then the template's record is written, then each task's record, which the evaluators
 * apply at their next batch boundary. A crash in between leaves tasks with the old template's
 * script, which the next update of the template rewrites, as `vigil serve` leaves them.
 */
export class TopicTemplateStore implements TemplateStore {
  private readonly known: KeyedRecords<KapacitorTemplate>;

  constructor(
    private readonly write: TaskRecordWrite,
    private readonly tasks: TopicTaskStore,
    logger: Logger,
  ) {
    this.known = new KeyedRecords('template', decodeTemplateRecord, logger);
  }

  /** Applies records read from the topic in offset order; a record that is not a template is logged and skipped. */
  apply(records: readonly ControlRecord[]): void {
    this.known.apply(records);
  }

  templates(): readonly KapacitorTemplate[] {
    return this.known.list();
  }

  template(id: string): KapacitorTemplate | undefined {
    return this.known.get(id);
  }

  defineTemplate(template: KapacitorTemplate): Promise<void> {
    return this.tasks.serialized(async () => {
      checkTemplateId(template.id);
      compileTemplate(template);
      const before = this.known.get(template.id);
      const retemplated = before === undefined ? [] : this.tasks.list().filter((task) => task.record?.templateId === template.id).map((task) => retemplatedTask(task, before.script, template.script));
      if (retemplated.length > 0) await this.tasks.check(retemplated);
      await this.put(template.id, encodeTemplateRecord(template));
      for (const task of retemplated) await this.tasks.put(task);
    });
  }

  /** Deletes a template; its tasks keep their script and their template id, as Kapacitor's `handleDeleteTemplate` leaves them. */
  removeTemplate(id: string): Promise<void> {
    return this.tasks.serialized(async () => {
      if (!this.known.get(id)) throw new TaskChangeError(`no template exists named ${id}`, true);
      await this.put(id, null);
    });
  }

  private async put(id: string, value: string | null): Promise<void> {
    const offset = await this.write(id, value);
    this.apply([{ key: id, value: value === null ? null : Buffer.from(value), offset }]);
  }
}
