import { Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createMetricsRegistry, Readiness, Registry, type Logger } from '@vigil/observability';
import { INGEST_CONFIG, LOGGER } from './app.tokens';
import type { IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { JsonPointsController } from './json-points/json-points.controller';
import { RemoteWriteController } from './remote-write/remote-write.controller';
import { IngestMetrics } from './write/ingest-metrics';
import { InfluxWriteController } from './write/influx-write.controller';
import { PointWriter } from './write/point-writer.service';
import { WriteRequestHandler } from './write/write-request.handler';

@Module({})
export class AppModule implements BeforeApplicationShutdown {
  constructor(private readonly connections: IngestConnections) {}

  /** The module for one configuration; config and logger are made before Nest starts. */
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, InfluxWriteController, RemoteWriteController, JsonPointsController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Readiness, useValue: new Readiness() },
        { provide: Registry, useValue: createMetricsRegistry({ service: 'ingest' }) },
        { provide: IngestMetrics, useFactory: (registry: Registry) => new IngestMetrics(registry), inject: [Registry] },
        IngestConnections,
        PointWriter,
        WriteRequestHandler,
      ],
    };
  }

  /** Runs before the HTTP server closes, so probes see 503 while connections wind down. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.connections.stop();
  }
}
