import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoNestLogger, type Logger } from '@vigil/observability';
import { AppModule } from './app.module';
import type { IngestConfig } from './config';
import { registerRawBodyParser } from './write/raw-body.parser';

/** The Nest application on Fastify, not yet listening; main.ts and the integration tests use it. */
export async function createIngestApp(config: IngestConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.MAX_BODY_BYTES });
  registerRawBodyParser(adapter.getInstance(), config.MAX_BODY_BYTES);
  return NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
}
