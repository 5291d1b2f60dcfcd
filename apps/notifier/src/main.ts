import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { AppModule } from './app.module';
import { loadNotifierConfig, type NotifierConfig } from './config';
import { NotifierConnections } from './connections/notifier-connections.service';

async function startNotifier(config: NotifierConfig): Promise<RunningService> {
  const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ port: config.PORT }, 'listening');
    await app.get(NotifierConnections).start();
    logger.info('notifier consuming');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { logger, close: () => app.close() };
}

void runServiceProcess({
  name: 'notifier',
  loadConfig: loadNotifierConfig,
  start: startNotifier,
  shutdownTimeoutMs: (config) => config.SHUTDOWN_TIMEOUT_MS,
});
