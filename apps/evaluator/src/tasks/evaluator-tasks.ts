import { defineTasks, type HandlerGuard, type PartitionKeys, type TaskDefinition, type TaskSource } from '@vigil/evaluation';
import { decodeTaskRecord, taskSourceOf, type KapacitorTask } from '@vigil/kapacitor-api';
import type { Logger } from '@vigil/observability';

/** One record of the tasks topic: key = task id, value = the task record, null = deleted. */
export interface TaskTopicRecord {
  readonly key: string;
  readonly value: Buffer | null;
  readonly offset: bigint;
}

/** A new set of tasks to run, and the tasks whose state starts fresh with it. */
export interface TaskSetChange {
  readonly definitions: readonly TaskDefinition[];
  readonly changed: ReadonlySet<string>;
}

/**
 * The tasks an evaluator runs: the `.tick` files of TASKS_DIR (read once at boot, the GitOps
 * source; a bad one stops the boot) and the enabled tasks of the tasks topic (Kapacitor's task
 * API through ingest). A file is read-only: a topic task of the same name is not run while the
 * file exists (one warn line), so what Git holds is what runs. A topic task this evaluator cannot
 * run (a handler its allowlist refuses; ingest checked the script) is left out with an error
 * line, and every other task runs.
 */
export class EvaluatorTasks {
  private readonly fileDefinitions: readonly TaskDefinition[];
  private readonly fileNames: ReadonlySet<string>;
  private readonly topicTasks = new Map<string, KapacitorTask>();
  /** What each running task was compiled from, to tell which tasks a record changed. */
  private running = new Map<string, string>();
  private definitions: readonly TaskDefinition[];
  /** Problems already logged, by task and source, so a task is not reported again for every record. */
  private readonly reported = new Set<string>();

  constructor(
    files: readonly TaskSource[],
    private readonly keys: PartitionKeys,
    private readonly guard: HandlerGuard,
    private readonly logger: Logger,
  ) {
    this.fileDefinitions = defineTasks(files, keys, guard);
    this.fileNames = new Set(files.map((file) => file.name));
    this.running = new Map(files.map((file) => [file.name, fingerprintOf(file)]));
    this.definitions = this.fileDefinitions;
  }

  current(): readonly TaskDefinition[] {
    return this.definitions;
  }

  /** Applies tasks-topic records in offset order; answers the change of the running set, if any. */
  apply(records: readonly TaskTopicRecord[]): TaskSetChange | undefined {
    for (const record of records) {
      if (record.value === null) {
        this.topicTasks.delete(record.key);
        continue;
      }
      try {
        this.topicTasks.set(record.key, decodeTaskRecord(record.key, record.value));
      } catch (error) {
        this.logger.error({ err: error, task: record.key, offset: record.offset.toString() }, 'skipped a tasks-topic record that is not a task');
      }
    }
    const next = new Map<string, string>([...this.fileNames].map((name) => [name, this.running.get(name) ?? '']));
    const definitions = [...this.fileDefinitions];
    for (const task of this.topicTasks.values()) {
      if (task.status !== 'enabled') continue;
      const source = taskSourceOf(task);
      const fingerprint = fingerprintOf(source);
      if (this.fileNames.has(task.name)) {
        this.reportOnce(`${task.name}:file`, () => this.logger.warn({ task: task.name }, 'a task of the task API has the name of a TASKS_DIR file; the file runs (files are read-only)'));
        continue;
      }
      try {
        definitions.push(...defineTasks([source], this.keys, this.guard));
        next.set(task.name, fingerprint);
      } catch (error) {
        this.reportOnce(`${task.name}:${fingerprint}`, () => this.logger.error({ err: error, task: task.name }, 'a task of the task API cannot run on this evaluator; it is left out'));
      }
    }
    const changed = new Set<string>();
    for (const [name, fingerprint] of next) if (this.running.get(name) !== fingerprint) changed.add(name);
    for (const name of this.running.keys()) if (!next.has(name)) changed.add(name);
    if (changed.size === 0) return undefined;
    this.running = next;
    this.definitions = definitions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { definitions: this.definitions, changed };
  }

  private reportOnce(key: string, report: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    report();
  }
}

/** A task changes when its script, vars or dbrps do; status is whether it is in the set at all. */
function fingerprintOf(source: TaskSource): string {
  return JSON.stringify([source.script, source.vars ?? {}, source.dbrps ?? []]);
}
