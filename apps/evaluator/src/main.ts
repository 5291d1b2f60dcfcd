import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { AppModule } from './app.module';
import { loadEvaluatorConfig, type EvaluatorConfig } from './config';
import { EvaluatorConnections } from './connections/evaluator-connections.service';

async function startEvaluator(config: EvaluatorConfig): Promise<RunningService> {
  const logger = createLogger({ service: 'evaluator', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ port: config.PORT }, 'listening');
    await app.get(EvaluatorConnections).start();
    logger.info({ group: config.EVALUATOR_GROUP_ID, topic: config.POINTS_TOPIC }, 'evaluator consuming');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { logger, close: () => app.close() };
}

void runServiceProcess({
  name: 'evaluator',
  loadConfig: loadEvaluatorConfig,
  start: startEvaluator,
  shutdownTimeoutMs: (config) => config.SHUTDOWN_TIMEOUT_MS,
});
