import { Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { IngestHttpModule } from '@vigil/ingest-http';
import { KapacitorApiModule } from '@vigil/kapacitor-api';
import { createMetricsRegistry, Readiness, Registry, type Logger } from '@vigil/observability';
import type { IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { kafkaAckHistogram } from './sink/kafka-ack.metric';
import { PointWriter } from './sink/point-writer.service';
import { TaskTopic } from './tasks/task-topic';

@Module({})
export class AppModule implements BeforeApplicationShutdown {
  constructor(
    private readonly connections: IngestConnections,
    private readonly tasks: TaskTopic,
  ) {}

  /**
   * The module for one configuration; config and logger are made before Nest starts. The write
   * endpoints come from IngestHttpModule with the Kafka sink, which is built here because the
   * module takes the sink as a value. Kapacitor's task API (`/kapacitor/v1/tasks`) answers from
   * the tasks topic, so `kapacitor -url http://ingest:8086` defines the evaluators' tasks.
   */
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    const readiness = new Readiness();
    const registry = createMetricsRegistry({ service: 'ingest' });
    const connections = new IngestConnections(config, logger, readiness);
    const sink = new PointWriter(config, logger, connections, kafkaAckHistogram(registry));
    const tasks = new TaskTopic(config, logger, readiness);
    return {
      module: AppModule,
      imports: [
        IngestHttpModule.register({
          sink,
          maxBodyBytes: config.MAX_BODY_BYTES,
          retryAfterSeconds: config.RETRY_AFTER_SECONDS,
          remoteWrite: { database: config.REMOTE_WRITE_DB, retentionPolicy: config.REMOTE_WRITE_RP },
          metrics: registry,
        }),
        KapacitorApiModule.register({ tasks: tasks.store }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Readiness, useValue: readiness },
        { provide: Registry, useValue: registry },
        { provide: IngestConnections, useValue: connections },
        { provide: TaskTopic, useValue: tasks },
      ],
    };
  }

  /** Runs before the HTTP server closes, so probes see 503 while connections wind down. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.connections.stop();
    await this.tasks.stop();
  }
}
