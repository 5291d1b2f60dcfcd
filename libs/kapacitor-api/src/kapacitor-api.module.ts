import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TASK_CLOCK, type TaskClock } from './http/task-clock';
import { KapacitorTasksController } from './tasks/kapacitor-tasks.controller';
import { TASK_STORE, TEMPLATE_STORE, type TaskStore, type TemplateStore } from './tasks/task-store';
import { KapacitorTemplatesController } from './templates/kapacitor-templates.controller';

export interface KapacitorApiOptions {
  readonly tasks: TaskStore;
  /** Mounts `/kapacitor/v1/templates` when given; a mode without templates answers their routes 404. */
  readonly templates?: TemplateStore;
  /** Dates task and template changes; the wall clock unless a test fixes it. */
  readonly clock?: TaskClock;
}

/**
 * Kapacitor's task (and template) API as one Nest module over a mode's stores: `vigil serve`
 * mounts it over its data folder, ingest over the tasks topic, so both answer the same requests
 * with the same bodies and messages.
 */
@Module({})
export class KapacitorApiModule {
  static register(options: KapacitorApiOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: TASK_STORE, useValue: options.tasks },
      { provide: TASK_CLOCK, useValue: options.clock ?? (() => new Date()) },
    ];
    if (options.templates) providers.push({ provide: TEMPLATE_STORE, useValue: options.templates });
    return {
      module: KapacitorApiModule,
      controllers: options.templates ? [KapacitorTasksController, KapacitorTemplatesController] : [KapacitorTasksController],
      providers,
    };
  }
}
