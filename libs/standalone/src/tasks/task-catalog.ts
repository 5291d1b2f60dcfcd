import { join } from 'node:path';
import { checkHandlerAllowed, type HandlerConfig } from '@vigil/alert-handlers';
import type { TaskDefinition } from '@vigil/evaluation';
import { checkTaskChange, compileTemplate, retemplatedTask, TaskChangeError, taskChangeErrorOf, type TaskStore, type TemplateStore } from '@vigil/kapacitor-api';
import { standaloneTasks } from '../evaluation/standalone-tasks';
import type { DataFolder } from '../storage/data-folder';
import { TaskFolderError, taskSourceOf, type TaskFile } from '../storage/tasks/task-file';
import type { TaskFolder } from '../storage/tasks/task-folder';
import type { TemplateFile } from '../storage/templates/template-file';
import { TemplateFolder } from '../storage/templates/template-folder';
export { TaskChangeError } from '@vigil/kapacitor-api';

/** Runs the new set of enabled tasks; resolves once the evaluator runs them. */
export type TasksChanged = (definitions: readonly TaskDefinition[]) => Promise<void>;

/** The templates of a catalog: where they are kept, and those read at boot. */
export interface CatalogTemplates {
  readonly folder: TemplateFolder;
  readonly initial: readonly TemplateFile[];
}

/** The folder beside `tasks` where `vigil serve` keeps templates. */
export const TEMPLATES_FOLDER = 'templates';

/**
 * The tasks and templates of a running standalone server, for the define API: every change is
 * validated against the whole set (as the evaluator loads it), written to the data folder (so it
 * survives a restart) and then handed to the evaluator, one change at a time. A disabled task is
 * validated and kept like any other but not handed to the evaluator, as Kapacitor keeps a
 * disabled task's definition without running it. A task whose alert node names a program, address
 * or origin the handler configuration does not allow is refused as a bad script is (the notifier
 * refuses it again when it builds the handler, whatever was defined).
 *
 * A task defined from a template holds a copy of the template's script and names the template in
 * its record, as Kapacitor's task store keeps them; updating the template rewrites and reloads
 * every task that names it, all or none.
 */
export class TaskCatalog implements TaskStore, TemplateStore {
  private sources: TaskFile[];
  private templateFiles: TemplateFile[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: TaskFolder,
    initial: readonly TaskFile[],
    private readonly changed: TasksChanged,
    private readonly handlers: HandlerConfig,
    private readonly templateStore?: CatalogTemplates,
  ) {
    this.sources = [...initial];
    this.templateFiles = [...(templateStore?.initial ?? [])];
  }

  /** The catalog of a data folder: its tasks (read and checked by the caller) and its templates. */
  static async open(data: DataFolder, initial: readonly TaskFile[], changed: TasksChanged, handlers: HandlerConfig): Promise<TaskCatalog> {
    const templates = await TemplateFolder.open(join(data.paths.root, TEMPLATES_FOLDER));
    const known = await templates.list();
    for (const template of known) compileTemplate(template);
    return new TaskCatalog(await data.openTasks(), initial, changed, handlers, { folder: templates, initial: known });
  }

  list(): readonly TaskFile[] {
    return this.sources;
  }

  get(name: string): TaskFile | undefined {
    return this.sources.find((task) => task.name === name);
  }

  templates(): readonly TemplateFile[] {
    return this.templateFiles;
  }

  template(id: string): TemplateFile | undefined {
    return this.templateFiles.find((template) => template.id === id);
  }

  /** Creates or replaces a task, or changes its status. */
  define(task: TaskFile): Promise<void> {
    return this.serialized(async () => {
      const next = sortedBy([...this.sources.filter((known) => known.name !== task.name), task], (known) => known.name);
      const definitions = definitionsOf(next, new Set([task.name]), this.handlers);
      await this.write(() => this.folder.put(task.name, task.script, { vars: task.vars, status: task.status, record: task.record }));
      this.sources = next;
      await this.changed(definitions);
    });
  }

  remove(name: string): Promise<void> {
    return this.serialized(async () => {
      if (!this.get(name)) throw new TaskChangeError(`no task exists named ${name}`, true);
      const next = this.sources.filter((known) => known.name !== name);
      await this.folder.remove(name);
      this.sources = next;
      await this.changed(enabledTasks(next));
    });
  }

  /**
   * Creates or replaces a template. Replacing one gives each task that names it the new script
   * (Kapacitor's `updateAllAssociatedTasks`) and reloads the enabled ones; when a task cannot take
   * the new script (a var it lacks, a handler not allowed) nothing changes and the refusal names
   * the task. The template is written first, then its tasks, so a crash in between leaves tasks
   * whose script is the old template's, which the next update of the template rewrites.
   */
  defineTemplate(template: TemplateFile): Promise<void> {
    return this.serialized(async () => {
      const store = this.requireTemplates();
      compileTemplate(template);
      const before = this.template(template.id);
      const retemplated = before === undefined ? [] : this.sources.filter((task) => task.record?.templateId === template.id).map((task) => retemplatedTask(task, before.script, template.script));
      const affected = new Set(retemplated.map((task) => task.name));
      const next = sortedBy([...this.sources.filter((task) => !affected.has(task.name)), ...retemplated], (task) => task.name);
      const definitions = retemplated.length === 0 ? undefined : definitionsOf(next, affected, this.handlers);
      await this.write(() => store.folder.put(template));
      for (const task of retemplated) await this.write(() => this.folder.put(task.name, task.script, { vars: task.vars, status: task.status, record: task.record }));
      this.templateFiles = sortedBy([...this.templateFiles.filter((known) => known.id !== template.id), template], (known) => known.id);
      this.sources = next;
      if (definitions) await this.changed(definitions);
    });
  }

  /**
   * Deletes a template. Its tasks keep running with the script they hold and keep naming it, as
   * Kapacitor's `handleDeleteTemplate` deletes only the template and its associations.
   */
  removeTemplate(id: string): Promise<void> {
    return this.serialized(async () => {
      const store = this.requireTemplates();
      if (!this.template(id)) throw new TaskChangeError(`no template exists named ${id}`, true);
      await store.folder.remove(id);
      this.templateFiles = this.templateFiles.filter((known) => known.id !== id);
    });
  }

  /** Runs `read` between changes, so that what it reads of the folders is one consistent set (a backup). */
  whileUnchanged<T>(read: () => Promise<T>): Promise<T> {
    let result: T | undefined;
    return this.serialized(async () => {
      result = await read();
    }).then(() => result as T);
  }

  private requireTemplates(): CatalogTemplates {
    if (!this.templateStore) throw new TaskChangeError('this server keeps no templates');
    return this.templateStore;
  }

  private async write(put: () => Promise<void>): Promise<void> {
    try {
      await put();
    } catch (error) {
      if (error instanceof TaskFolderError) throw new TaskChangeError(error.message);
      throw error;
    }
  }

  private serialized(change: () => Promise<void>): Promise<void> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function sortedBy<T>(values: T[], key: (value: T) => string): T[] {
  return values.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The definitions of the enabled tasks. Every task is compiled, a disabled one too, because
 * Kapacitor refuses a bad script at define time whatever its status.
 */
export function enabledTasks(tasks: readonly TaskFile[]): TaskDefinition[] {
  const enabled = new Set(tasks.filter((task) => task.status === 'enabled').map((task) => task.name));
  return standaloneTasks(tasks.map(taskSourceOf)).filter((definition) => enabled.has(definition.name));
}

/**
 * Checks the changed tasks as ingest does (checkTaskChange: they compile, and their handlers
 * pass the handler configuration whatever their status), then compiles the enabled set to run.
 * The stored others compiled at boot, since `vigil serve` refuses to start over one that does not.
 */
function definitionsOf(sources: readonly TaskFile[], changed: ReadonlySet<string>, handlers: HandlerConfig): TaskDefinition[] {
  checkTaskChange(
    sources.filter((task) => changed.has(task.name)).map(taskSourceOf),
    (instruction) => checkHandlerAllowed(instruction, handlers),
  );
  try {
    return enabledTasks(sources);
  } catch (error) {
    throw taskChangeErrorOf(error, changed);
  }
}
