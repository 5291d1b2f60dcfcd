import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseLineBytes } from '@vigil/line-protocol';
import { influxV1ErrorBody, influxV2ErrorBody, type ErrorBody } from './error-body';
import type { WriteEndpoint } from './ingest-metrics';
import { partialWriteError } from './partial-write-error';
import { influxV1Target, influxV2Target, type WriteTarget } from './write-params';
import type { ParsedWrite } from './write-outcome';
import { WriteRequestHandler } from './write-request.handler';

/**
 * The line-protocol endpoints: InfluxDB 1.x `/write` (Telegraf, InfluxDB subscriptions, 1.x
 * clients), InfluxDB 2.x `/api/v2/write`, and Kapacitor's `/kapacitor/v1/write`. They differ only
 * in how the query names the database, retention policy and precision, and in the shape of their
 * error answers: InfluxDB 2.x clients read `{"code", "message"}`, 1.x clients `{"error"}`.
 */
@Controller()
export class InfluxWriteController {
  constructor(@Inject(WriteRequestHandler) private readonly handler: WriteRequestHandler) {}

  @Post('write')
  async write(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.lines('write', request, reply, influxV1Target, influxV1ErrorBody);
  }

  @Post('api/v2/write')
  async writeV2(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.lines('api_v2_write', request, reply, influxV2Target, influxV2ErrorBody);
  }

  @Post('kapacitor/v1/write')
  async writeKapacitor(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.lines('kapacitor_write', request, reply, influxV1Target, influxV1ErrorBody);
  }

  private lines(
    endpoint: WriteEndpoint,
    request: FastifyRequest,
    reply: FastifyReply,
    targetOf: (query: Readonly<Record<string, string>>) => WriteTarget,
    errorBody: ErrorBody,
  ): Promise<void> {
    return this.handler.handle(endpoint, request, reply, {
      errorBody,
      parse: (body, query): ParsedWrite => {
        const target = targetOf(query);
        // Lines without a timestamp get the server's time of arrival, as InfluxDB gives them. A
        // line that is not UTF-8 is refused like a syntax error, never decoded with U+FFFD.
        const defaultTime = BigInt(Date.now()) * 1_000_000n;
        const result = parseLineBytes(body, { ...target, defaultTime });
        const error = partialWriteError(result);
        return {
          points: result.points,
          rejected: result.errors.length,
          positionOf: (index) => `line ${result.lines[index] ?? '?'}`,
          ...(error === undefined ? {} : { error }),
          // Only a body that is all points: a sink storing it must not store the refused lines.
          ...(result.errors.length === 0 ? { source: { body, ...target, defaultTime, lines: result.lines } } : {}),
        };
      },
    });
  }
}
