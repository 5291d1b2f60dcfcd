import { Catch, HttpException, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply } from 'fastify';

/** Kapacitor's error body (`httpd.HttpError`): `{"error": "..."}`. */
export interface KapacitorErrorBody {
  readonly error: string;
}

/** Answers an error as Kapacitor does. */
export async function sendKapacitorError(reply: FastifyReply, status: number, message: string): Promise<void> {
  const body: KapacitorErrorBody = { error: message };
  await reply.status(status).send(body);
}

/**
 * The status and body of an exception that reached Nest: Nest's own answers (an unknown route's
 * 404, a thrown HttpException with a message) become Kapacitor's `{"error": "..."}`, and an error
 * vigil did not expect a 500 that says no more than "internal error". An HttpException whose
 * body a controller chose (the readiness report of a 503) is answered as the controller made it.
 */
export function errorAnswer(exception: unknown): { readonly status: number; readonly body: unknown } {
  if (!(exception instanceof HttpException)) return { status: 500, body: { error: 'internal error' } satisfies KapacitorErrorBody };
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { status, body: { error: response } satisfies KapacitorErrorBody };
  const { message, statusCode } = response as { message?: unknown; statusCode?: unknown };
  if (statusCode === undefined) return { status, body: response };
  const text = Array.isArray(message) ? message.map(String).join('; ') : typeof message === 'string' ? message : exception.message;
  return { status, body: { error: text } satisfies KapacitorErrorBody };
}

/**
 * Every error of `vigil serve`'s HTTP routes, 404 of an unknown route included, in Kapacitor's
 * shape, so that the `kapacitor` CLI prints the message rather than "invalid response".
 */
@Catch()
export class KapacitorErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = errorAnswer(exception);
    if (!(exception instanceof HttpException)) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }
}
