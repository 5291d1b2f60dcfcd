import { Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createMetricsRegistry, HealthController, MetricsController, Readiness, Registry, type Logger } from '@vigil/observability';
import { EVALUATOR_CONFIG, LOGGER } from './app.tokens';
import type { EvaluatorConfig } from './config';
import { EvaluatorConnections } from './connections/evaluator-connections.service';
import { EvaluatorReplayService } from './replays/evaluator-replay.service';

@Module({})
export class AppModule implements BeforeApplicationShutdown {
  constructor(private readonly connections: EvaluatorConnections) {}

  /** The module for one configuration; config and logger are made before Nest starts. */
  static register(config: EvaluatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: EVALUATOR_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Readiness, useValue: new Readiness() },
        { provide: Registry, useValue: createMetricsRegistry({ service: 'evaluator' }) },
        EvaluatorConnections,
        // Kapacitor replays queued by ingest (docs/control-plane.md, "Recordings and replays").
        EvaluatorReplayService,
      ],
    };
  }

  /** Runs before the HTTP server closes, so probes see 503 while connections wind down. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.connections.stop();
  }
}
