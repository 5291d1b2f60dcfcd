import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createIngestHttpAdapter } from '@vigil/ingest-http';
import { PinoNestLogger, type Logger } from '@vigil/observability';
import { AppModule } from './app.module';
import type { IngestConfig } from './config';

/** The Nest application on Fastify, not yet listening; main.ts and the integration tests use it. */
export async function createIngestApp(config: IngestConfig, logger: Logger): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), createIngestHttpAdapter(config.MAX_BODY_BYTES), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
}
