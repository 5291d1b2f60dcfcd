import type { FastifyInstance } from 'fastify';
import { decideRequest, type AccessPolicy } from './request-guard';

/** The JSON body of a refusal on a path; Kapacitor's `{"error": ...}` unless the path speaks another shape. */
export type RefusalBody = (path: string, status: number, message: string) => Record<string, string>;

const kapacitorErrorBody: RefusalBody = (_path, _status, message) => ({ error: message });

/**
 * Puts the guard in front of every route of a Fastify instance. Install it before any other
 * onRequest hook: a later hook may rewrite headers the guard reads (ingest's raw-body parser sets
 * every POST's Content-Type to octet-stream).
 */
export function installAccessGuard(fastify: FastifyInstance, policy: AccessPolicy, refusalBody: RefusalBody = kapacitorErrorBody): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const verdict = decideRequest(request, policy);
    if (verdict.allowed) {
      done();
      return;
    }
    const path = request.url.split('?')[0] ?? request.url;
    void reply.status(verdict.status).header('Content-Type', 'application/json').send(JSON.stringify(refusalBody(path, verdict.status, verdict.message)));
  });
}
