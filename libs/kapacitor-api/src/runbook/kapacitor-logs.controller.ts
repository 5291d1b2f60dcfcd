import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { logLevelOf } from '@vigil/topic-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { formatLogLine, readLogFilter, type LogFilter } from './log-lines';
import { LOG_TAP, type LogTap } from './log-tap';

/**
 * `kapacitor level` (POST `/kapacitor/v1/loglevel`, `httpd/handler.go`, `serveLogLevel`) and
 * `kapacitor logs` / `kapacitor watch` (GET `/kapacitor/v1preview/logs`, where the CLI asks, and
 * `/kapacitor/v1/logs`; `services/diagnostic`, `handleSessions`): the live level of the server's
 * logger, and a stream of its lines from now on, until the client goes. The server is the
 * process that answers: `vigil serve`, or one ingest in the distributed mode, whose level change
 * also reaches every ingest, evaluator and notifier of the deployment (DeploymentLogLevel).
 */
@Controller()
export class KapacitorLogsController {
  constructor(@Inject(LOG_TAP) private readonly logs: LogTap) {}

  @Post('kapacitor/v1/loglevel')
  @HttpCode(204)
  async setLevel(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let level: unknown;
    try {
      level = (JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body ?? '')) as { level?: unknown } | null)?.level;
    } catch (error) {
      return sendKapacitorError(reply, 400, `invalid json: ${(error as Error).message}`);
    }
    const known = typeof level === 'string' ? logLevelOf(level) : undefined;
    if (known === undefined) return sendKapacitorError(reply, 400, 'invalid log level');
    try {
      await this.logs.setLevel(known);
    } catch (error) {
      return sendKapacitorError(reply, 503, (error as Error).message);
    }
    await reply.status(204).send();
  }

  @Get(['kapacitor/v1preview/logs', 'kapacitor/v1/logs'])
  follow(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> | void {
    let filter: LogFilter;
    try {
      filter = readLogFilter(request.query as Record<string, string | readonly string[] | undefined>);
    } catch (error) {
      return sendKapacitorError(reply, 400, (error as Error).message);
    }
    const json = request.headers.accept === 'application/json';
    reply.hijack();
    reply.raw.writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/logfmt' });
    // Headers now, so the client knows the stream is open before the first line.
    reply.raw.flushHeaders();
    const stop = this.logs.follow((line) => {
      const formatted = formatLogLine(line, filter, json);
      if (formatted !== undefined) reply.raw.write(formatted);
    });
    request.raw.on('close', () => {
      stop();
      reply.raw.end();
    });
  }
}
