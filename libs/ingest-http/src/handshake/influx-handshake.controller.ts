import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OversizedBody } from '../write/raw-body.parser';
import { answerQuery, type DatabaseNames } from './influxql-statements';

/**
 * The InfluxDB 1.x version vigil answers in `X-Influxdb-Version`: the release whose write API it
 * follows, with `+vigil` as semver build metadata, which version comparisons ignore.
 */
export const INFLUXDB_API_VERSION = '1.8.10+vigil';

/** InfluxDB sets these two headers on every answer (`services/httpd/handler.go`, `ServeHTTP`). */
const VERSION_HEADERS: Readonly<Record<string, string>> = { 'X-Influxdb-Version': INFLUXDB_API_VERSION, 'X-Influxdb-Build': 'OSS' };

/**
 * What InfluxDB 1.x writers call before they write: `/ping` to see the server is up, `/query` to
 * create their database (Telegraf's `outputs.influxdb` unless `skip_database_creation = true`,
 * and InfluxDB client libraries). Without these Telegraf logs a database-creation error at start.
 * The access guard treats `/ping` as public and `/query` as a write (`write-points`).
 */
@Controller()
export class InfluxHandshakeController implements DatabaseNames {
  /** Databases writers created through this process; SHOW DATABASES lists them. */
  private readonly created = new Set<string>();

  /**
   * `servePing`: 204, or with `verbose` set to anything but "", "0" and "false", 200 and
   * `{"version"}`. Fastify answers HEAD from this GET route with the same headers.
   */
  @Get('ping')
  ping(@Query('verbose') verbose: string | undefined, @Res() reply: FastifyReply): void {
    void reply.headers(VERSION_HEADERS);
    if (verbose !== undefined && verbose !== '' && verbose !== '0' && verbose !== 'false') void reply.code(200).send({ version: INFLUXDB_API_VERSION });
    else void reply.code(204).send();
  }

  @Get('query')
  queryByGet(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer(queryParameter(request, undefined), reply);
  }

  /** `q` in the query string or in an `application/x-www-form-urlencoded` body, as `r.FormValue("q")` reads it. */
  @Post('query')
  queryByPost(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (request.body instanceof OversizedBody) {
      void reply.headers(VERSION_HEADERS).code(413).send({ error: `request body larger than ${request.body.maxBytes} bytes` });
      return;
    }
    this.answer(queryParameter(request, Buffer.isBuffer(request.body) ? request.body : undefined), reply);
  }

  add(name: string): void {
    this.created.add(name);
  }

  list(): readonly string[] {
    return [...this.created].sort();
  }

  private answer(q: string | undefined, reply: FastifyReply): void {
    const { status, body } = answerQuery(q, this);
    void reply.headers(VERSION_HEADERS).code(status).type('application/json').send(body);
  }
}

/**
 * Go's `FormValue` gives the form body's value before the URL's. Every POST arrives here as raw
 * bytes (the ingest adapter's parser), so a body is read as a form whatever its Content-Type.
 */
function queryParameter(request: FastifyRequest, body: Buffer | undefined): string | undefined {
  if (body !== undefined && body.length > 0) {
    const fromBody = new URLSearchParams(body.toString('utf8')).get('q');
    if (fromBody !== null) return fromBody;
  }
  const fromUrl = (request.query as Record<string, unknown> | undefined)?.['q'];
  return typeof fromUrl === 'string' ? fromUrl : undefined;
}
