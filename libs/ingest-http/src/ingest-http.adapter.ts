import { FastifyAdapter } from '@nestjs/platform-fastify';
import { registerRawBodyParser } from './write/raw-body.parser';

/**
 * The Fastify adapter an app mounting IngestHttpModule is created with: Fastify's own body limit
 * and the raw-bytes parser every write endpoint decodes from. Pass `bodyParser: false` to
 * NestFactory.create as well, or Nest puts its JSON parser back. Every POST of that app then
 * receives its body as a Buffer, whatever its Content-Type.
 */
export function createIngestHttpAdapter(maxBodyBytes: number): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: maxBodyBytes });
  registerRawBodyParser(adapter.getInstance(), maxBodyBytes);
  return adapter;
}
