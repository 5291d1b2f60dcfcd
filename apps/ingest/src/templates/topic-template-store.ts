import { compileTemplate, retemplatedTask, TaskChangeError, type KapacitorTemplate, type TemplateStore } from '@vigil/kapacitor-api';
import type { KeyedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { decodeTemplateRecord, encodeTemplateRecord } from '@vigil/topic-contract';
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
  private readonly known = new Map<string, KapacitorTemplate>();
  private readonly applied = new Map<string, bigint>();

  constructor(
    private readonly write: TaskRecordWrite,
    private readonly tasks: TopicTaskStore,
    private readonly logger: Logger,
  ) {}

  /** Applies records read from the topic in offset order; a record that is not a template is logged and skipped. */
  apply(records: readonly Pick<KeyedRecord, 'key' | 'value' | 'offset'>[]): void {
    for (const record of records) {
      if ((this.applied.get(record.key) ?? -1n) >= record.offset) continue;
      this.applied.set(record.key, record.offset);
      if (record.value === null) {
        this.known.delete(record.key);
        continue;
      }
      try {
        this.known.set(record.key, decodeTemplateRecord(record.key, record.value));
      } catch (error) {
        this.logger.error({ err: error, template: record.key, offset: record.offset.toString() }, 'skipped a templates-topic record that is not a template');
      }
    }
  }

  templates(): readonly KapacitorTemplate[] {
    return [...this.known.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  template(id: string): KapacitorTemplate | undefined {
    return this.known.get(id);
  }

  defineTemplate(template: KapacitorTemplate): Promise<void> {
    return this.tasks.serialized(async () => {
      compileTemplate(template);
      const before = this.known.get(template.id);
      const retemplated = before === undefined ? [] : this.tasks.list().filter((task) => task.record?.templateId === template.id).map((task) => retemplatedTask(task, before.script, template.script));
      if (retemplated.length > 0) this.tasks.check(retemplated);
      await this.put(template.id, encodeTemplateRecord(template));
      for (const task of retemplated) await this.tasks.put(task);
    });
  }

  /** Deletes a template; its tasks keep their script and their template id, as Kapacitor's `handleDeleteTemplate` leaves them. */
  removeTemplate(id: string): Promise<void> {
    return this.tasks.serialized(async () => {
      if (!this.known.has(id)) throw new TaskChangeError(`no template exists named ${id}`, true);
      await this.put(id, null);
    });
  }

  private async put(id: string, value: string | null): Promise<void> {
    const offset = await this.write(id, value);
    this.apply([{ key: id, value: value === null ? null : Buffer.from(value), offset }]);
  }
}
