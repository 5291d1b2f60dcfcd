import { Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IngestHttpModule } from '@vigil/ingest-http';
import { KapacitorApiModule, KapacitorErrorFilter, tapLogger } from '@vigil/kapacitor-api';
import { createMetricsRegistry, HealthController, MetricsController, Readiness, Registry, type Logger } from '@vigil/observability';
import type { IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';
import { IngestTaskOutputs } from './http-out/ingest-task-outputs';
import { IngestTaskStats } from './statistics/ingest-task-stats';
import { EvaluatorUdfSignatures } from './tasks/evaluator-udf-signatures';
import { ControlPlane } from './control-plane/control-plane';
import { NotifierServiceTests } from './runbook/notifier-service-tests';
import { DeploymentLogLevel } from './runbook/deployment-log-level';
import { DeploymentSideloadReload } from './runbook/deployment-sideload-reload';
import { KapacitorRecordingsController } from './recordings/kapacitor-recordings.controller';
import { TopicRecordingStore } from './recordings/topic-recording-store';
import { EvaluatorReplayQueue } from './recordings/evaluator-replay-queue';
import { KapacitorReplaysController } from './recordings/kapacitor-replays.controller';
import { TopicReplayStore } from './recordings/topic-replay-store';
import { kafkaAckHistogram } from './sink/kafka-ack.metric';
import { PointWriter } from './sink/point-writer.service';

@Module({})
export class AppModule implements BeforeApplicationShutdown {
  constructor(
    private readonly connections: IngestConnections,
    private readonly controlPlane: ControlPlane,
  ) {}

  /**
   * The module for one configuration; config and logger are made before Nest starts. The write
   * endpoints come from IngestHttpModule with the Kafka sink, which is built here because the
   * module takes the sink as a value. Kapacitor's API (`/kapacitor/v1/...`: tasks, templates,
   * alert topics and topic handlers, ping, debug/vars, config, backup, service tests, which a
   * notifier runs; logs, of this ingest; loglevel, of every service; stream recordings and their replays, which an
   * evaluator runs) answers from the control
   * plane's topics, so `kapacitor -url http://ingest:8086` defines what the evaluators run and the
   * notifiers deliver through. Every error, an unknown route's 404 included, is Kapacitor's
   * `{"error": "..."}` (KapacitorErrorFilter), as in vigil serve.
   */
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    const readiness = new Readiness();
    const registry = createMetricsRegistry({ service: 'ingest' });
    const connections = new IngestConnections(config, logger, readiness);
    const sink = new PointWriter(config, logger, connections, kafkaAckHistogram(registry));
    const controlPlane = new ControlPlane(config, logger, readiness, new EvaluatorReplayQueue(() => connections.redisClient(), config.TASKS_TOPIC, config.REPLAY_TAKE_TIMEOUT_MS), new EvaluatorUdfSignatures(() => connections.redisClient(), config.TASKS_TOPIC, logger));
    const api = controlPlane.apiOptions();
    return {
      module: AppModule,
      imports: [
        IngestHttpModule.register({
          // Points are counted for `kapacitor stats ingress` once Kafka has them.
          sink: controlPlane.ingress.counting(sink),
          maxBodyBytes: config.MAX_BODY_BYTES,
          retryAfterSeconds: config.RETRY_AFTER_SECONDS,
          remoteWrite: { database: config.REMOTE_WRITE_DB, retentionPolicy: config.REMOTE_WRITE_RP },
          metrics: registry,
        }),
        KapacitorApiModule.register({
          ...api,
          // `kapacitor logs` follows this ingest's own lines; `kapacitor level` reaches every service of the deployment.
          logs: new DeploymentLogLevel(tapLogger(logger), logger, () => connections.redisClient(), config.ALERTS_TOPIC),
          stats: new IngestTaskStats(() => connections.redisClient(), config.TASKS_TOPIC),
          // httpOut results: what the evaluators publish of their groups, merged (docs/control-plane.md, "httpOut").
          outputs: new IngestTaskOutputs(() => connections.redisClient(), config.TASKS_TOPIC, api.tasks),
          serviceTests: new NotifierServiceTests(() => connections.redisClient(), config.TOPIC_HANDLERS_TOPIC, config.SERVICE_TEST_TIMEOUT_MS),
          // Every evaluator reads its tasks' sideload files again as it hears the request (docs/control-plane.md, "Sideload reload").
          sideloads: new DeploymentSideloadReload(() => connections.redisClient(), config.ALERTS_TOPIC),
        }),
      ],
      controllers: [HealthController, MetricsController, KapacitorRecordingsController, KapacitorReplaysController],
      providers: [
        { provide: Readiness, useValue: readiness },
        { provide: Registry, useValue: registry },
        { provide: IngestConnections, useValue: connections },
        { provide: ControlPlane, useValue: controlPlane },
        { provide: TopicRecordingStore, useValue: controlPlane.recordings },
        { provide: TopicReplayStore, useValue: controlPlane.replays },
        { provide: APP_FILTER, useClass: KapacitorErrorFilter },
      ],
    };
  }

  /** Runs before the HTTP server closes, so probes see 503 while connections wind down. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.connections.stop();
    await this.controlPlane.stop();
  }
}
