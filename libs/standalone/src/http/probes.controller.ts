import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { Readiness, Registry, renderMetrics, type ReadinessReport } from '@vigil/observability';
import type { LivenessReport } from '../storage/health/data-folder-health';

/**
 * Readiness with liveness checks beside it. Liveness fails only for what the process cannot
 * recover from by itself (vigil serve: DataFolderHealth.liveness), so that an orchestrator
 * restarts it; a failure that passes by itself (a full disk) fails readiness only, for a while.
 */
export class ServeProbes extends Readiness {
  private readonly liveChecks: (() => LivenessReport)[] = [];

  addLiveness(check: () => LivenessReport): void {
    this.liveChecks.push(check);
  }

  liveness(): LivenessReport {
    for (const check of this.liveChecks) {
      const report = check();
      if (!report.live) return report;
    }
    return { live: true };
  }
}

/**
 * The probes every vigil service answers, here for the one standalone process: liveness (the
 * process runs and can recover by itself: ServeProbes), readiness (logs open and taking writes,
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
    // The module provides the server's ServeProbes as its Readiness.
    const report = this.readiness instanceof ServeProbes ? this.readiness.liveness() : { live: true };
    if (!report.live) throw new HttpException({ status: 'failing', reason: report.reason }, HttpStatus.SERVICE_UNAVAILABLE);
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
