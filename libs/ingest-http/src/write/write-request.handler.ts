import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INGEST_HTTP_OPTIONS, type IngestHttpOptions } from '../ingest-http.options';
import { PointTooLargeError, SinkPartialWriteError, SinkUnavailableError, type PointSink } from '../point-sink';
import { BodyEncodingError, BodyTooLargeError, decodeBody } from './body-decoding';
import { influxV1ErrorBody, type ErrorBody } from './error-body';
import { IngestMetrics, type WriteEndpoint } from './ingest-metrics';
import { OversizedBody } from './raw-body.parser';
import { WriteRefusedError, type ParsedWrite } from './write-outcome';

/** Turns a body (already un-gzipped) and the query into points, or throws WriteRefusedError. */
export type BodyParser = (body: Buffer, query: Readonly<Record<string, string>>) => ParsedWrite | Promise<ParsedWrite>;

export interface BodyHandling {
  readonly parse: BodyParser;
  /** Content encodings the parser undoes itself (remote_write: snappy). */
  readonly passThroughEncodings?: readonly string[];
  /** The shape of error answers; InfluxDB 1.x's `{"error": ...}` unless given. */
  readonly errorBody?: ErrorBody;
}

/**
 * The steps every write endpoint shares, in InfluxDB's order (credentials were checked by the
 * access guard before the request got here): body decoding and
 * limits, parsing, writing the good points to the sink, then the answer: 204 once the sink made
 * every point durable (Kafka acknowledged them), 400 with the parse error after writing the good
 * ones, 413 naming the first point the sink can never store (nothing written), 503 with
 * Retry-After when the sink was unavailable and wrote nothing (the whole request then counts as
 * not written), 500 when part of the request may have been written.
 */
@Injectable()
export class WriteRequestHandler {
  private readonly sink: PointSink;

  constructor(
    @Inject(INGEST_HTTP_OPTIONS) private readonly options: IngestHttpOptions,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
  ) {
    this.sink = options.sink;
  }

  async handle(endpoint: WriteEndpoint, request: FastifyRequest, reply: FastifyReply, handling: BodyHandling): Promise<void> {
    const stopTimer = this.metrics.requestSeconds.startTimer({ endpoint });
    const status = await this.answer(endpoint, request, reply, handling);
    stopTimer({ status: String(status) });
  }

  private async answer(endpoint: WriteEndpoint, request: FastifyRequest, reply: FastifyReply, handling: BodyHandling): Promise<number> {
    const query = queryOf(request.query);
    const send = (status: number, message: string): Promise<number> => sendError(reply, status, (handling.errorBody ?? influxV1ErrorBody)(status, message));
    if (request.body instanceof OversizedBody) return send(413, new BodyTooLargeError(request.body.maxBytes).message);
    let parsed: ParsedWrite;
    try {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const encoding = request.headers['content-encoding'];
      const body = await decodeBody(raw, Array.isArray(encoding) ? encoding[0] : encoding, this.options.maxBodyBytes, handling.passThroughEncodings);
      parsed = await handling.parse(body, query);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return send(413, error.message);
      if (error instanceof BodyEncodingError) return send(400, error.message);
      if (error instanceof WriteRefusedError) return send(error.status, error.message);
      throw error;
    }
    if (parsed.rejected > 0) this.metrics.rejected.inc({ endpoint }, parsed.rejected);
    try {
      await this.sink.write(parsed.points, parsed.source);
    } catch (error) {
      if (error instanceof PointTooLargeError) {
        this.metrics.rejected.inc({ endpoint }, parsed.points.length);
        return send(413, tooLargeMessage(error, parsed));
      }
      if (error instanceof SinkPartialWriteError) return send(500, `points may be partly written: ${error.message}`);
      if (!(error instanceof SinkUnavailableError)) throw error;
      this.metrics.rejected.inc({ endpoint }, parsed.points.length);
      void reply.header('Retry-After', String(this.options.retryAfterSeconds));
      return send(503, `points not written: ${error.message}`);
    }
    this.metrics.accepted.inc({ endpoint }, parsed.points.length);
    if (parsed.error !== undefined) return send(400, parsed.error);
    await reply.status(204).send();
    return 204;
  }
}

/** The 413 of points the sink can never store: the first by its place in the body, and how many. */
function tooLargeMessage(error: PointTooLargeError, parsed: ParsedWrite): string {
  const positionOf = parsed.positionOf ?? ((index: number) => `point ${index + 1}`);
  const [first = 0] = error.indexes;
  const more = error.indexes.length > 1 ? ` (and ${error.indexes.length - 1} more points of this request)` : '';
  return `points not written: ${positionOf(first)} is too large: ${error.bytes} bytes as a record, more than ${error.limitName} (${error.limit})${more}`;
}

/** An error answer as JSON, in the endpoint's shape (see error-body.ts). */
async function sendError(reply: FastifyReply, status: number, body: Record<string, string>): Promise<number> {
  await reply.status(status).header('Content-Type', 'application/json').send(JSON.stringify(body));
  return status;
}

/** Fastify's parsed query as plain strings (a repeated parameter keeps its first value). */
function queryOf(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}
