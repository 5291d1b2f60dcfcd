import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { Readiness, Registry, renderMetrics, type ReadinessReport } from '@vigil/observability';

/**
 * The probes every vigil service answers, here for the one standalone process: liveness (the
 * process runs and can recover by itself: a readiness check's `failure`, e.g. the data folder's), readiness (logs open and taking writes,
 * evaluator and notifier running; 503 from the start of shutdown) and the Prometheus scrape. Dependencies are injected by token explicitly because
 * `vigil serve` runs from TypeScript sources under tsx, which emits no constructor type metadata.
 */
@Controller()
export class ProbesController {
  constructor(
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Registry) private readonly registry: Registry,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    // A full disk fails readiness only; liveness fails once a check says it cannot recover.
    const recovery = this.readiness.recovery();
    if (!recovery.alive) throw new HttpException({ status: 'failed', failures: recovery.failures }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok' };
  }

  @Get('health/ready')
  ready(): ReadinessReport {
    const report = this.readiness.report();
    if (!report.ready) throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async metrics(): Promise<string> {
    return (await renderMetrics(this.registry)).body;
  }
}
