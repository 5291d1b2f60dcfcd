import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeAlertEvent } from '@vigil/core';
import { jsonBody, JsonBodyError } from '@vigil/kapacitor-api';
import { RECORDINGS_CONTEXT, type RecordingsContext } from './recordings-context';
import { objectBody, sendRunError, stringMember } from './run-answers';

/**
 * `POST /vigil/v1/replays` `{"task", "start", "stop"}` (RFC 3339): a backtest of a task on the
 * point log's retained history, without recording first. The task runs from empty state in an
 * engine of its own over the points written to its dbrps with times in [start, stop), with their
 * own times; the answer is every alert event it raised, one Kapacitor alert JSON a line
 * (`application/x-ndjson`), as `vigil replay` prints them. Nothing is delivered.
 */
@Controller('vigil/v1/replays')
export class VigilReplaysController {
  constructor(@Inject(RECORDINGS_CONTEXT) private readonly recordings: RecordingsContext) {}

  @Post()
  async backtest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const outcome = await this.recordings.service.backtest({ task: stringMember(body, 'task') ?? '', startNs: timeNs(body, 'start'), stopNs: timeNs(body, 'stop') });
      const lines = outcome.events.map((event) => `${encodeAlertEvent(event)}\n`).join('');
      await reply.status(200).header('content-type', 'application/x-ndjson').header('x-vigil-points', String(outcome.points)).header('x-vigil-dropped', String(outcome.dropped)).send(lines);
    } catch (error) {
      await sendRunError(reply, error);
    }
  }
}

function timeNs(body: Record<string, unknown>, name: string): bigint {
  const text = stringMember(body, name);
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  if (!text || Number.isNaN(ms)) throw new JsonBodyError(`"${name}" must be an RFC 3339 time`);
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  // Date keeps milliseconds only: the nanoseconds below them come from the text.
  return BigInt(Math.floor(ms)) * 1_000_000n + BigInt((fraction.slice(3, 9) || '0').padEnd(6, '0'));
}
