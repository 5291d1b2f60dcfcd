import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGuardedFastifyAdapter, serveWithAccess, serviceAccess, type ServerAccess } from '@vigil/http-access';
import { createLogger, PinoNestLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { DECLARED_UDF_AGENTS, declareUdfFunctions } from '@vigil/tick-engine';
import { AppModule } from './app.module';
import { loadEvaluatorConfig, type EvaluatorConfig } from './config';
import { EvaluatorConnections } from './connections/evaluator-connections.service';

/** The configuration and the access it gives (credentials and certificate read at load, like the variables). */
interface EvaluatorSetup {
  readonly config: EvaluatorConfig;
  readonly access: ServerAccess;
}

function loadEvaluatorSetup(): EvaluatorSetup {
  const config = loadEvaluatorConfig();
  // Probes and metrics only: nothing here takes writes, so no credentials are required beyond loopback.
  return { config, access: serviceAccess('evaluator', config, { takesWrites: false }) };
}

async function startEvaluator({ config, access }: EvaluatorSetup): Promise<RunningService> {
  const logger = createLogger({ service: 'evaluator', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  // Each declared function answers Info before any task is compiled against it.
  await declareUdfFunctions(config.udfFunctions);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), createGuardedFastifyAdapter(access), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  const close = await serveWithAccess(app, {
    access,
    host: config.HOST,
    port: config.PORT,
    logger,
    reloadIntervalMs: config.TLS_RELOAD_INTERVAL_MS,
    start: async () => {
      await app.get(EvaluatorConnections).start();
      logger.info({ group: config.EVALUATOR_GROUP_ID, topic: config.POINTS_TOPIC }, 'evaluator consuming');
    },
  });
  return {
    logger,
    close: async () => {
      await close();
      await DECLARED_UDF_AGENTS.close();
    },
  };
}

void runServiceProcess({
  name: 'evaluator',
  loadConfig: loadEvaluatorSetup,
  start: startEvaluator,
  shutdownTimeoutMs: ({ config }) => config.SHUTDOWN_TIMEOUT_MS,
});
