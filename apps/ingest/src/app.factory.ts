import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServerAccess } from '@vigil/http-access';
import { createIngestHttpAdapter } from '@vigil/ingest-http';
import { PinoNestLogger, type Logger } from '@vigil/observability';
import { AppModule } from './app.module';
import { ingestAccess } from './access';
import type { IngestConfig } from './config';

/** The Nest application on Fastify, not yet listening; main.ts and the integration tests use it. */
export async function createIngestApp(config: IngestConfig, logger: Logger, access: ServerAccess = ingestAccess(config)): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), createIngestHttpAdapter(config.MAX_BODY_BYTES, access), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
}
