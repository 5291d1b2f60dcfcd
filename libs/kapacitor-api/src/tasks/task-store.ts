import type { KapacitorTemplate } from '../templates/kapacitor-template';
import type { KapacitorTask } from './kapacitor-task';

/**
 * Where a mode keeps the tasks of Kapacitor's task API (Kapacitor's `services/task_store`):
 * `vigil serve` in its data folder, the distributed mode in its tasks topic. Reads answer the
 * store's view at once; a change resolves once it is durable, or rejects with a
 * `TaskChangeError` carrying the message the API answers (a script that does not compile, at the
 * line and column the user wrote; a handler the configuration does not allow). Changes are
 * applied one at a time.
 */
export interface TaskStore {
  /** Every task, in id order. */
  list(): readonly KapacitorTask[];
  get(id: string): KapacitorTask | undefined;
  /** The template a task names, for a task defined from one; a store without templates knows none. */
  template(id: string): KapacitorTemplate | undefined;
  /** Creates or replaces a task, or changes its status. */
  define(task: KapacitorTask): Promise<void>;
  /** Deletes a task; a missing one is a `TaskChangeError` with `missing` set. */
  remove(id: string): Promise<void>;
}

/** The templates of Kapacitor's template API, for a mode that keeps them (`vigil serve`). */
export interface TemplateStore {
  templates(): readonly KapacitorTemplate[];
  template(id: string): KapacitorTemplate | undefined;
  /** Creates or replaces a template; replacing one updates the tasks defined from it, all or none. */
  defineTemplate(template: KapacitorTemplate): Promise<void>;
  removeTemplate(id: string): Promise<void>;
}

/** The Nest tokens of the stores the controllers answer from. */
export const TASK_STORE = Symbol('TaskStore');
export const TEMPLATE_STORE = Symbol('TemplateStore');
