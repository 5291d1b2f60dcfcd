import { Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createMetricsRegistry, HealthController, MetricsController, Readiness, Registry, type Logger } from '@vigil/observability';
import { NOTIFIER_CONFIG, LOGGER } from './app.tokens';
import type { NotifierConfig } from './config';
import { NotifierConnections } from './connections/notifier-connections.service';

@Module({})
export class AppModule implements BeforeApplicationShutdown {
  constructor(private readonly connections: NotifierConnections) {}

  /** The module for one configuration; config and logger are made before Nest starts. */
  static register(config: NotifierConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Readiness, useValue: new Readiness() },
        { provide: Registry, useValue: createMetricsRegistry({ service: 'notifier' }) },
        NotifierConnections,
      ],
    };
  }

  /** Runs before the HTTP server closes, so probes see 503 while connections wind down. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.connections.stop();
  }
}
