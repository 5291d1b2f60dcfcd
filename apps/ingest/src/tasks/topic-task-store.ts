import type { HandlerGuard } from '@vigil/evaluation';
import { checkTaskChange, decodeTaskRecord, encodeTaskRecord, TaskChangeError, taskSourceOf, type KapacitorTask, type KapacitorTemplate, type TaskStore } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';
import { ChangeQueue, KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';

/** Writes a task record (or a tombstone, null) and resolves with its offset once every in-sync replica has it. */
export type TaskRecordWrite = (id: string, value: string | null) => Promise<bigint>;

/** One record read from the tasks topic. */
export type TaskTopicRecord = ControlRecord;

/**
 * The distributed mode's task store: the tasks topic (compacted, key = task id, one partition)
 * as ingest reads it, for Kapacitor's task API. A change is checked as `vigil serve` checks it
 * (the changed task compiles and its handlers pass the allowlist when ingest has one),
 * written with acks=all, and answered once Kafka has it, as Kapacitor answers once its own store
 * has it; every evaluator then applies it at its next batch boundary (docs/evaluator.md).
 *
 * The view is what this ingest read from the topic plus its own writes, so a client that defines
 * and then lists through one ingest sees its task. A record older than one this ingest wrote for
 * the same key is not applied again. Two ingests defining the same new id at once both succeed
 * and the later record wins, as two writers of one Kapacitor store would race. A task defined from a
 * template holds the template's script in its own record, so evaluators follow this topic only;
 * TopicTemplateStore rewrites those records when the template changes, through `check` and `put`
 * inside `serialized`, so task and template changes are made one at a time.
 */
export class TopicTaskStore implements TaskStore {
  private readonly tasks: KeyedRecords<KapacitorTask>;
  private readonly queue = new ChangeQueue();

  constructor(
    private readonly write: TaskRecordWrite,
    logger: Logger,
    private readonly guard?: HandlerGuard,
    private readonly templates?: (id: string) => KapacitorTemplate | undefined,
    /** Runs a check with the user-defined functions the running evaluators declare (EvaluatorUdfSignatures). */
    private readonly udfs?: { checking(check: () => void): Promise<void> },
  ) {
    this.tasks = new KeyedRecords('task', decodeTaskRecord, logger);
  }

  /** Applies records read from the topic in offset order; a record that is not a task is logged and skipped. */
  apply(records: readonly TaskTopicRecord[]): void {
    this.tasks.apply(records);
  }

  list(): readonly KapacitorTask[] {
    return this.tasks.list();
  }

  get(id: string): KapacitorTask | undefined {
    return this.tasks.get(id);
  }

  template(id: string): KapacitorTemplate | undefined {
    return this.templates?.(id);
  }

  define(task: KapacitorTask): Promise<void> {
    return this.serialized(async () => {
      await this.check([task]);
      await this.put(task);
    });
  }

  /**
   * Checks that the changed tasks compile, against the user-defined functions the running
   * evaluators declare, and that their handlers pass the guard; the stored others are not
   * recompiled (checkTaskChange).
   */
  async check(changed: readonly KapacitorTask[]): Promise<void> {
    const check = (): void => checkTaskChange(changed.map(taskSourceOf), this.guard);
    if (this.udfs) await this.udfs.checking(check);
    else check();
  }

  /** Writes a task's record and applies it to this view once Kafka has it; call inside `serialized`, after `check`. */
  async put(task: KapacitorTask): Promise<void> {
    const value = encodeTaskRecord(task);
    const offset = await this.write(task.name, value);
    this.apply([{ key: task.name, value: Buffer.from(value), offset }]);
  }

  remove(id: string): Promise<void> {
    return this.serialized(async () => {
      if (!this.tasks.get(id)) throw new TaskChangeError(`no task exists named ${id}`, true);
      const offset = await this.write(id, null);
      this.apply([{ key: id, value: null, offset }]);
    });
  }

  /** Runs changes one at a time, in call order; a failed change does not stop the next. */
  serialized(change: () => Promise<void>): Promise<void> {
    return this.queue.run(change);
  }
}
