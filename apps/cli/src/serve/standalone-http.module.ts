import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IngestHttpModule, type IngestHttpOptions } from '@vigil/ingest-http';
import { KapacitorApiModule, KapacitorErrorFilter, type SideloadReload, type TaskClock, type TaskOutputsSource, type TaskStatsSource } from '@vigil/kapacitor-api';
import { HealthController, MetricsController, Readiness, Registry } from '@vigil/observability';
import { type AlertsContext, DeadLetterReplayer, DeadLettersController, KapacitorRecordingsController, KapacitorReplaysController, localServiceTests, RECORDINGS_CONTEXT, type RecordingsContext, RUNBOOK_CONTEXT, type RunbookContext, serveRunbookView, TaskCatalog, VigilReplaysController } from '@vigil/standalone';

/**
 * The standalone server's HTTP surface: ingest's write endpoints (the very module ingest mounts,
 * with the point-log sink), @vigil/kapacitor-api's Kapacitor API (tasks, templates, ping, alert
 * topics and topic handlers, debug vars, config, backup, logs, log level, service tests, sideload
 * reload) over the data folder and the server's own logger, handlers and tasks, recordings and
 * replays, the dead-letter replay and the probes.
 * Readiness and registry are made by the caller, which also feeds them. Every error, an unknown
 * route's 404 included, is answered in Kapacitor's `{"error": "..."}` shape (KapacitorErrorFilter).
 */
@Module({})
export class StandaloneHttpModule {
  static register(ingest: IngestHttpOptions, readiness: Readiness, tasks: TaskCatalog, replayer: DeadLetterReplayer, runbook: RunbookContext, alerts: AlertsContext, recordings: RecordingsContext, clock: TaskClock = () => new Date(), stats?: TaskStatsSource, outputs?: TaskOutputsSource, sideloads?: SideloadReload): DynamicModule {
    return {
      module: StandaloneHttpModule,
      // Points are counted for `kapacitor stats ingress` once the sink made them durable.
      imports: [IngestHttpModule.register({ ...ingest, sink: runbook.ingress.counting(ingest.sink) }), KapacitorApiModule.register({ tasks, templates: tasks, alerts, runbook: serveRunbookView(runbook, tasks), logs: runbook.logs, serviceTests: localServiceTests(runbook.handlers, runbook.nowMs), clock, ...(stats ? { stats } : {}), ...(outputs ? { outputs } : {}), ...(sideloads ? { sideloads } : {}) })],
      controllers: [
        HealthController,
        MetricsController,
        KapacitorRecordingsController,
        KapacitorReplaysController,
        VigilReplaysController,
        DeadLettersController,
      ],
      providers: [
        { provide: RUNBOOK_CONTEXT, useValue: runbook },
        { provide: RECORDINGS_CONTEXT, useValue: recordings },
        { provide: TaskCatalog, useValue: tasks },
        { provide: DeadLetterReplayer, useValue: replayer },
        { provide: Readiness, useValue: readiness },
        { provide: Registry, useValue: ingest.metrics },
        { provide: APP_FILTER, useClass: KapacitorErrorFilter },
      ],
    };
  }
}
