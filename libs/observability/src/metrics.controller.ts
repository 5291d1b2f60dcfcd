import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { renderMetrics } from './metrics.registry';

/**
 * The Prometheus scrape endpoint of every vigil service: the app's registry in the text
 * exposition format. The registry is injected by token (see HealthController).
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async metrics(): Promise<string> {
    return (await renderMetrics(this.registry)).body;
  }
}
