import { Controller, Get, Inject } from '@nestjs/common';
import type { DebugVars } from './debug-vars';
import { RUNBOOK_VIEW, type RunbookView } from './runbook-view';

/** Kapacitor's `/kapacitor/v1/debug/vars` (`httpd/handler.go`, `serveExpvar`), read by `kapacitor stats` and `kapacitor vars`. */
@Controller('kapacitor/v1/debug')
export class KapacitorDebugController {
  constructor(@Inject(RUNBOOK_VIEW) private readonly view: RunbookView) {}

  @Get('vars')
  vars(): DebugVars {
    return this.view.vars();
  }
}
