import type { FastifyInstance } from 'fastify';

/**
 * The body of a request past the byte limit on the wire. The parser hands it over instead of
 * letting Fastify refuse the request itself, so each endpoint answers the 413 in its own error
 * shape (InfluxDB 1.x `{"error"}` or 2.x `{"code", "message"}`), not in Fastify's.
 */
export class OversizedBody {
  constructor(readonly maxBytes: number) {}
}

/**
 * Replaces Fastify's JSON and text parsers with one that hands every body over as raw bytes,
 * whatever its Content-Type, including none or an empty one: Telegraf, InfluxDB subscriptions
 * and Prometheus send `text/plain`, `application/x-www-form-urlencoded`, `application/x-protobuf`
 * or nothing at all, and each endpoint decodes its own format. A body past `maxBytes` on the wire
 * becomes an OversizedBody: the rest is read and dropped (so the connection stays usable) without
 * being kept. Gzip expansion is capped later, in decodeBody.
 * Fastify refuses an empty or malformed Content-Type with 415 before any parser runs, so the
 * header is set to octet-stream first: no endpoint reads it.
 */
export function registerRawBodyParser(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'POST') request.headers['content-type'] = 'application/octet-stream';
    done();
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    payload.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    payload.on('end', () => done(null, bytes > maxBytes ? new OversizedBody(maxBytes) : Buffer.concat(chunks, bytes)));
    payload.on('error', (error) => done(error, undefined));
  });
}
