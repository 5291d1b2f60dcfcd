import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGuardedFastifyAdapter, listenWithAccess, serviceAccess, type ServerAccess } from '@vigil/http-access';
import { createLogger, PinoNestLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { AppModule } from './app.module';
import { loadNotifierConfig, type NotifierConfig } from './config';
import { NotifierConnections } from './connections/notifier-connections.service';

/** The configuration and the access it gives (credentials and certificate read at load, like the variables). */
interface NotifierSetup {
  readonly config: NotifierConfig;
  readonly access: ServerAccess;
}

function loadNotifierSetup(): NotifierSetup {
  const config = loadNotifierConfig();
  // Probes and metrics only: nothing here takes writes, so no credentials are required beyond loopback.
  return { config, access: serviceAccess('notifier', config, { takesWrites: false }) };
}

async function startNotifier({ config, access }: NotifierSetup): Promise<RunningService> {
  const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), createGuardedFastifyAdapter(access), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  let stopReloading = (): void => undefined;
  try {
    stopReloading = await listenWithAccess(app, access, { host: config.HOST, port: config.PORT }, logger, config.TLS_RELOAD_INTERVAL_MS);
    await app.get(NotifierConnections).start();
    logger.info('notifier consuming');
  } catch (error) {
    stopReloading();
    await app.close().catch(() => undefined);
    throw error;
  }
  return {
    logger,
    close: () => {
      stopReloading();
      return app.close();
    },
  };
}

void runServiceProcess({
  name: 'notifier',
  loadConfig: loadNotifierSetup,
  start: startNotifier,
  shutdownTimeoutMs: ({ config }) => config.SHUTDOWN_TIMEOUT_MS,
});
