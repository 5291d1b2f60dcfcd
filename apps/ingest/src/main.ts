import 'reflect-metadata';
import { createLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { serveWithAccess, type ServerAccess } from '@vigil/http-access';
import { ingestAccess } from './access';
import { createIngestApp } from './app.factory';
import { loadIngestConfig, type IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';
import { ControlPlane } from './control-plane/control-plane';

/** The configuration and what it says about access: credentials and certificate files are read at load, so a bad one stops the service like a bad variable. */
interface IngestSetup {
  readonly config: IngestConfig;
  readonly access: ServerAccess;
}

function loadIngestSetup(): IngestSetup {
  const config = loadIngestConfig();
  return { config, access: ingestAccess(config) };
}

async function startIngest({ config, access }: IngestSetup): Promise<RunningService> {
  const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await createIngestApp(config, logger, access);
  const close = await serveWithAccess(app, {
    access,
    host: config.HOST,
    port: config.PORT,
    logger,
    reloadIntervalMs: config.TLS_RELOAD_INTERVAL_MS,
    start: async () => {
      await app.get(IngestConnections).start();
      await app.get(ControlPlane).start();
      logger.info('ingest ready');
    },
  });
  return { logger, close };
}

void runServiceProcess({
  name: 'ingest',
  loadConfig: loadIngestSetup,
  start: startIngest,
  shutdownTimeoutMs: ({ config }) => config.SHUTDOWN_TIMEOUT_MS,
});
