import type { Logger } from '@vigil/observability';
import type { ServerAccess } from '../server-access';

/** What the helper needs of a Nest application on Fastify. */
export interface ListeningApp {
  listen(options: { host: string; port: number }): Promise<unknown>;
  getHttpServer(): unknown;
}

/**
 * Listens, starts reloading the certificate when TLS is on, and logs one line saying how the
 * server is reached. Resolves with what stops the reloader (call it before closing the app).
 */
export async function listenWithAccess(
  app: ListeningApp,
  access: ServerAccess,
  where: { readonly host: string; readonly port: number },
  logger: Logger,
  reloadIntervalMs: number,
): Promise<() => void> {
  await app.listen({ host: where.host, port: where.port });
  const reloader = access.watchCertificate(app.getHttpServer(), logger, reloadIntervalMs);
  logger.info(
    { host: where.host, port: where.port, tls: access.certificate !== undefined, credentials: access.policy.store.credentials.length },
    access.policy.store.empty ? 'listening without credentials' : 'listening',
  );
  return () => reloader?.stop();
}
