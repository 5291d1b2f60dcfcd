import { Controller, Get, Header } from '@nestjs/common';
import { Registry, renderMetrics } from '@vigil/observability';

/** Prometheus scrape endpoint: the app's registry in the text exposition format. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async metrics(): Promise<string> {
    return (await renderMetrics(this.registry)).body;
  }
}
