import 'reflect-metadata';
import { createLogger, routeProcessWarnings, runServiceProcess, type RunningService } from '@vigil/observability';
import { createIngestApp } from './app.factory';
import { loadIngestConfig, type IngestConfig } from './config';
import { IngestConnections } from './connections/ingest-connections.service';

async function startIngest(config: IngestConfig): Promise<RunningService> {
  const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
  routeProcessWarnings(logger);
  const app = await createIngestApp(config, logger);
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
