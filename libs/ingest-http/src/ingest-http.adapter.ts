import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { createGuardedFastifyAdapter, type ServerAccess } from '@vigil/http-access';
import { influxV1ErrorBody, influxV2ErrorBody } from './write/error-body';
import { registerRawBodyParser } from './write/raw-body.parser';

/**
 * The Fastify adapter an app mounting IngestHttpModule is created with: the access guard first
 * (credentials, permissions, cross-site refusals, HTTPS when configured), Fastify's own body limit
 * and the raw-bytes parser every write endpoint decodes from. Pass `bodyParser: false` to
 * NestFactory.create as well, or Nest puts its JSON parser back. Every POST of that app then
 * receives its body as a Buffer, whatever its Content-Type.
 */
export function createIngestHttpAdapter(maxBodyBytes: number, access: ServerAccess): FastifyAdapter {
  const adapter = createGuardedFastifyAdapter(access, {
    bodyLimit: maxBodyBytes,
    // Refusals on the 2.x write endpoint speak 2.x's error shape, like its other answers.
    refusalBody: (path, status, message) => (path === '/api/v2/write' ? influxV2ErrorBody : influxV1ErrorBody)(status, message),
  });
  registerRawBodyParser(adapter.getInstance(), maxBodyBytes);
  return adapter;
}
