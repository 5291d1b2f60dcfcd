import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IngestHttpModule, type IngestHttpOptions } from '@vigil/ingest-http';
import { Readiness, Registry } from '@vigil/observability';
import { TaskCatalog } from '../tasks/task-catalog';
import { DeadLetterReplayer, DeadLettersController } from './dead-letters.controller';
import { KapacitorErrorFilter } from './kapacitor-error';
import { KapacitorPingController } from './kapacitor-ping.controller';
import { KapacitorTasksController } from './kapacitor-tasks.controller';
import { KapacitorTemplatesController } from './kapacitor-templates.controller';
import { ProbesController } from './probes.controller';
import { TASK_CLOCK, type TaskClock } from './task-clock';

/**
 * The standalone server's HTTP surface: ingest's write endpoints (the very module ingest mounts,
 * with the point-log sink), Kapacitor's task API and ping, the dead-letter replay and the probes.
 * Readiness and registry are made by the caller, which also feeds them. Every error, an unknown
 * route's 404 included, is answered in Kapacitor's `{"error": "..."}` shape (KapacitorErrorFilter).
 */
@Module({})
export class StandaloneHttpModule {
  static register(ingest: IngestHttpOptions, readiness: Readiness, tasks: TaskCatalog, replayer: DeadLetterReplayer, clock: TaskClock = () => new Date()): DynamicModule {
    return {
      module: StandaloneHttpModule,
      imports: [IngestHttpModule.register(ingest)],
      controllers: [ProbesController, KapacitorPingController, KapacitorTasksController, KapacitorTemplatesController, DeadLettersController],
      providers: [
        { provide: TaskCatalog, useValue: tasks },
        { provide: TASK_CLOCK, useValue: clock },
        { provide: DeadLetterReplayer, useValue: replayer },
        { provide: Readiness, useValue: readiness },
        { provide: Registry, useValue: ingest.metrics },
        { provide: APP_FILTER, useClass: KapacitorErrorFilter },
      ],
    };
  }
}
