import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LetterFilter, ReplayReport } from '../notification/dead-letter-replay';
import { readReplayRequest, ReplayRequestError } from './replay-request';

/** Replays the server's dead letters through its own event log (the server holds the data folder's lock). */
export abstract class DeadLetterReplayer {
  abstract replay(filter: LetterFilter, dryRun: boolean): Promise<ReplayReport[]>;
}

/**
 * `POST /vigil/v1/dead-letters/replay`, what `vigil dlq replay --url` calls while a server runs:
 * the command cannot append to the event log itself, since the server holds the folder's lock.
 * The body is `{"event"?, "handler"?, "dryRun"?}`; the answer is one JSON line per pair, the
 * lines `vigil dlq replay` prints.
 */
@Controller('vigil/v1/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DeadLetterReplayer) private readonly replayer: DeadLetterReplayer) {}

  @Post('replay')
  async replay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let parsed: ReturnType<typeof readReplayRequest>;
    try {
      parsed = readReplayRequest(request.body);
    } catch (error) {
      if (!(error instanceof ReplayRequestError)) throw error;
      await reply.status(400).send({ error: error.message });
      return;
    }
    const reports = await this.replayer.replay(parsed.filter, parsed.dryRun);
    await reply
      .status(200)
      .header('Content-Type', 'application/x-ndjson')
      .send(reports.map((report) => `${JSON.stringify(report)}\n`).join(''));
  }
}
