import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { Readiness, type ReadinessReport } from './readiness';

/**
 * The probes every vigil service answers. Liveness says the process runs and can still recover
 * by itself (restart it if not: the 503 names the check that cannot, e.g. a Kafka consumer
 * kafkajs stopped for good); readiness says it can do its work now (every check the app
 * registered, such as its Kafka and Redis connections, passes), and turns 503 while connecting
 * and once shutdown begins. The Readiness is injected by token, not by constructor type, so the
 * controller also works where no type metadata is emitted (`vigil serve` runs under tsx).
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

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
