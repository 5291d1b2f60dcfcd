import type { FastifyInstance } from 'fastify';

/**
 * Replaces Fastify's JSON and text parsers with one that hands every body over as raw bytes,
 * whatever its Content-Type, including none or an empty one: Telegraf, InfluxDB subscriptions
 * and Prometheus send `text/plain`, `application/x-www-form-urlencoded`, `application/x-protobuf`
 * or nothing at all, and each endpoint decodes its own format. Fastify answers 413 itself for a
 * body past `maxBytes` on the wire; gzip expansion is capped later, in decodeBody.
 * Fastify refuses an empty or malformed Content-Type with 415 before any parser runs, so the
 * header is set to octet-stream first: no endpoint reads it.
 */
export function registerRawBodyParser(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'POST') request.headers['content-type'] = 'application/octet-stream';
    done();
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => {
    done(null, body);
  });
}
