import { Module, type DynamicModule } from '@nestjs/common';
import { IngestHttpModule, type IngestHttpOptions } from '@vigil/ingest-http';
import { Readiness, Registry } from '@vigil/observability';
import { TaskCatalog } from '../tasks/task-catalog';
import { DeadLetterReplayer, DeadLettersController } from './dead-letters.controller';
import { KapacitorTasksController } from './kapacitor-tasks.controller';
import { ProbesController } from './probes.controller';

/**
 * The standalone server's HTTP surface: ingest's write endpoints (the very module ingest mounts,
 * with the point-log sink), Kapacitor's task API, the dead-letter replay and the probes. Readiness and registry are made by the caller, which
 * also feeds them.
 */
@Module({})
export class StandaloneHttpModule {
  static register(ingest: IngestHttpOptions, readiness: Readiness, tasks: TaskCatalog, replayer: DeadLetterReplayer): DynamicModule {
    return {
      module: StandaloneHttpModule,
      imports: [IngestHttpModule.register(ingest)],
      controllers: [ProbesController, KapacitorTasksController, DeadLettersController],
      providers: [
        { provide: TaskCatalog, useValue: tasks },
        { provide: DeadLetterReplayer, useValue: replayer },
        { provide: Readiness, useValue: readiness },
        { provide: Registry, useValue: ingest.metrics },
      ],
    };
  }
}
