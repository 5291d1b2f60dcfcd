import { Controller, Get, Inject } from '@nestjs/common';
import { TaskCatalog } from '../../tasks/task-catalog';
import { KAPACITOR_API_VERSION } from '../kapacitor-ping.controller';
import { debugVars, type DebugVars } from './debug-vars';
import { RUNBOOK_CONTEXT, type RunbookContext } from './runbook-context';

/** Kapacitor's `/kapacitor/v1/debug/vars` (`httpd/handler.go`, `serveExpvar`), read by `kapacitor stats` and `kapacitor vars`. */
@Controller('kapacitor/v1/debug')
export class KapacitorDebugController {
  constructor(
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(RUNBOOK_CONTEXT) private readonly context: RunbookContext,
  ) {}

  @Get('vars')
  vars(): DebugVars {
    const tasks = this.catalog.list();
    return debugVars(this.context, { tasks: tasks.length, enabled: tasks.filter((task) => task.status === 'enabled').length }, KAPACITOR_API_VERSION);
  }
}
