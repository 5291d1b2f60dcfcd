import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { ServerAccess } from '../server-access';
import { installAccessGuard, type RefusalBody } from './install-access-guard';

export interface GuardedAdapterOptions {
  /** Fastify's own body limit. */
  readonly bodyLimit?: number;
  readonly refusalBody?: RefusalBody;
}

/**
 * The Fastify adapter every vigil HTTP server is created with: HTTPS when a certificate is
 * configured, and the access guard as the first onRequest hook, ahead of anything the app adds.
 */
export function createGuardedFastifyAdapter(access: ServerAccess, options: GuardedAdapterOptions = {}): FastifyAdapter {
  const limits = options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit };
  const adapter = access.certificate === undefined ? new FastifyAdapter(limits) : new FastifyAdapter({ ...limits, https: { cert: access.certificate.cert, key: access.certificate.key } });
  installAccessGuard(adapter.getInstance(), access.policy, options.refusalBody);
  return adapter;
}
