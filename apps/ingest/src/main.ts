import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { AppModule } from './app.module';
import { loadIngestConfig, type IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';

async function startIngest(config: IngestConfig): Promise<RunningService> {
  const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ port: config.PORT }, 'listening');
    await app.get(IngestConnections).start();
    logger.info('ingest ready');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { logger, close: () => app.close() };
}

void runServiceProcess({
  name: 'ingest',
  loadConfig: loadIngestConfig,
  start: startIngest,
  shutdownTimeoutMs: (config) => config.SHUTDOWN_TIMEOUT_MS,
});
