import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { Readiness, type ReadinessReport } from '@vigil/observability';

/**
 * Liveness says the process runs and can still recover by itself (restart it if not: 503 names
 * the dependency that cannot); readiness says it can do its work now (Kafka and Redis
 * connected), and turns 503 while connecting and once shutdown begins.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  live(): { status: 'ok' } {
    const recovery = this.readiness.recovery();
    if (!recovery.alive) throw new HttpException({ status: 'failed', failures: recovery.failures }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): ReadinessReport {
    const report = this.readiness.report();
    if (!report.ready) throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
