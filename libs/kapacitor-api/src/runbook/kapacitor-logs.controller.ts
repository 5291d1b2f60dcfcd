import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { formatLogLine, readLogFilter, type LogFilter } from './log-lines';
import { LOG_TAP, type LogTap } from './log-tap';

/** The levels `kapacitor level` may set, as Kapacitor's `SetLogLevelFromName` takes them (any case). */
const SETTABLE_LEVELS = ['debug', 'info', 'error'];

/**
 * `kapacitor level` (POST `/kapacitor/v1/loglevel`, `httpd/handler.go`, `serveLogLevel`) and
 * `kapacitor logs` / `kapacitor watch` (GET `/kapacitor/v1preview/logs`, where the CLI asks, and
 * `/kapacitor/v1/logs`; `services/diagnostic`, `handleSessions`): the live level of the server's
 * logger, and a stream of its lines from now on, until the client goes. The server is the
 * process that answers: `vigil serve`, or one ingest in the distributed mode.
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
    const name = typeof level === 'string' ? level.toLowerCase() : '';
    if (!SETTABLE_LEVELS.includes(name)) return sendKapacitorError(reply, 400, 'invalid log level');
    this.logs.setLevel(name);
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
