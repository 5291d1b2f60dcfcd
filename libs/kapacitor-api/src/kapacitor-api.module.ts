import { Logger, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { ALERTS_CONTEXT, type AlertsContext } from './alerts/alerts-context';
import { KapacitorTopicHandlersController } from './alerts/kapacitor-topic-handlers.controller';
import { KapacitorTopicsController } from './alerts/kapacitor-topics.controller';
import { KapacitorPingController } from './http/kapacitor-ping.controller';
import { TASK_CLOCK, type TaskClock } from './http/task-clock';
import { KapacitorConfigController } from './runbook/kapacitor-config.controller';
import { KapacitorDebugController } from './runbook/kapacitor-debug.controller';
import { KapacitorStorageController } from './runbook/kapacitor-storage.controller';
import { KapacitorLogsController } from './runbook/kapacitor-logs.controller';
import { KapacitorServiceTestsController } from './runbook/kapacitor-service-tests.controller';
import { LOG_TAP, type LogTap } from './runbook/log-tap';
import { RUNBOOK_VIEW, type RunbookView } from './runbook/runbook-view';
import { SERVICE_TESTS, type ServiceTests } from './runbook/service-tests-port';
import { KapacitorSideloadController } from './sideload/kapacitor-sideload.controller';
import { SIDELOAD_RELOAD, type SideloadReload } from './sideload/sideload-reload';
import { AdvisoryTaskStats } from './tasks/advisory-task-stats';
import { KapacitorTasksController } from './tasks/kapacitor-tasks.controller';
import { TASK_OUTPUTS, type TaskOutputsSource } from './tasks/task-outputs';
import { TASK_STATS, type TaskStatsSource } from './tasks/task-stats-view';
import { TASK_STORE, TEMPLATE_STORE, type TaskStore, type TemplateStore } from './tasks/task-store';
import { KapacitorTemplatesController } from './templates/kapacitor-templates.controller';

export interface KapacitorApiOptions {
  readonly tasks: TaskStore;
  /** Mounts `/kapacitor/v1/templates` when given; a mode without templates answers their routes 404. */
  readonly templates?: TemplateStore;
  /** Mounts `/kapacitor/v1/alerts/topics` (topics, their events, topic handlers) when given. */
  readonly alerts?: AlertsContext;
  /** Mounts `debug/vars`, `config` and `storage` when given. */
  readonly runbook?: RunbookView;
  /** Dates task and template changes; the wall clock unless a test fixes it. */
  readonly clock?: TaskClock;
  /** The node statistics of executing tasks (`stats` and the DOT); without it, or while it fails, a task shows none. */
  readonly stats?: TaskStatsSource;
  /** What the tasks' `httpOut` nodes published; without it every `/kapacitor/v1/tasks/<task>/<endpoint>` is 404. */
  readonly outputs?: TaskOutputsSource;
  /** Mounts `loglevel` and `logs` over the answering process's logger when given. */
  readonly logs?: LogTap;
  /** Mounts `/kapacitor/v1/service-tests` over where the mode runs them when given. */
  readonly serviceTests?: ServiceTests;
  /** Mounts `POST /kapacitor/v1/sideload/reload` over the mode's running tasks when given. */
  readonly sideloads?: SideloadReload;
}

/**
 * Kapacitor's HTTP API as one Nest module over a mode's stores and views: `vigil serve` mounts it
 * over its data folder, ingest over its compacted topics, so both answer the same requests with
 * the same bodies and messages. `/kapacitor/v1/ping` is always there.
 */
@Module({})
export class KapacitorApiModule {
  static register(options: KapacitorApiOptions): DynamicModule {
    const controllers: Type[] = [KapacitorPingController, KapacitorTasksController];
    const providers: Provider[] = [
      { provide: TASK_STORE, useValue: options.tasks },
      { provide: TASK_CLOCK, useValue: options.clock ?? (() => new Date()) },
    ];
    if (options.stats) {
      const logger = new Logger('tasks');
      providers.push({ provide: TASK_STATS, useValue: new AdvisoryTaskStats(options.stats, (message) => logger.warn(message)) });
    }
    if (options.outputs) providers.push({ provide: TASK_OUTPUTS, useValue: options.outputs });
    if (options.templates) {
      providers.push({ provide: TEMPLATE_STORE, useValue: options.templates });
      controllers.push(KapacitorTemplatesController);
    }
    if (options.alerts) {
      providers.push({ provide: ALERTS_CONTEXT, useValue: options.alerts });
      controllers.push(KapacitorTopicHandlersController, KapacitorTopicsController);
    }
    if (options.runbook) {
      providers.push({ provide: RUNBOOK_VIEW, useValue: options.runbook });
      controllers.push(KapacitorDebugController, KapacitorConfigController, KapacitorStorageController);
    }
    if (options.logs) {
      providers.push({ provide: LOG_TAP, useValue: options.logs });
      controllers.push(KapacitorLogsController);
    }
    if (options.serviceTests) {
      providers.push({ provide: SERVICE_TESTS, useValue: options.serviceTests });
      controllers.push(KapacitorServiceTestsController);
    }
    if (options.sideloads) {
      providers.push({ provide: SIDELOAD_RELOAD, useValue: options.sideloads });
      controllers.push(KapacitorSideloadController);
    }
    return { module: KapacitorApiModule, controllers, providers };
  }
}
