import type { Logger } from '@vigil/observability';
import type { ServerAccess } from '../server-access';
import { listenWithAccess, type ListeningApp } from './listen-with-access';

/** What the helper needs of a Nest application on Fastify: listening, and closing. */
export interface ServingApp extends ListeningApp {
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly access: ServerAccess;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** How often the certificate is read again when TLS is on (TLS_RELOAD_INTERVAL_MS). */
  readonly reloadIntervalMs: number;
  /** What the service runs once it listens (its Kafka and Redis connections). */
  readonly start: () => Promise<void>;
}

/**
 * A service's boot after its app is made: listens (listenWithAccess), then `start`s it. When
 * either fails the app is closed again before the error is thrown, so a service that cannot
 * start leaves no port open. Resolves with what closes it: the certificate reloader, then the app.
 */
export async function serveWithAccess(app: ServingApp, options: ServeOptions): Promise<() => Promise<void>> {
  let stopReloading = (): void => undefined;
  try {
    stopReloading = await listenWithAccess(app, options.access, { host: options.host, port: options.port }, options.logger, options.reloadIntervalMs);
    await options.start();
  } catch (error) {
    stopReloading();
    await app.close().catch(() => undefined);
    throw error;
  }
  return () => {
    stopReloading();
    return app.close();
  };
}
