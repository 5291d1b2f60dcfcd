import { Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonBody, JsonBodyError } from '@vigil/kapacitor-api';
import { type QueryValues, REPLAY_FIELDS, REPLAY_LIST_FIELDS, runListPage, sendKapacitorError } from '@vigil/kapacitor-api';
import type { ReplayRequest } from '../../recordings/recording-service';
import { RECORDINGS_CONTEXT, type RecordingsContext } from './recordings-context';
import { objectBody, replayObject, sendRun, sendRunError, stringMember } from './run-answers';

/**
 * Kapacitor's replays (`services/replay/service.go`): `kapacitor replay -recording R -task T
 * [-rec-time] [-real-clock]`, `replay-live batch|query` (against `vigil serve --influxdb`), `list
 * replays`, `delete replays`. A replay runs the task in an engine of its own and its alerts go to
 * the task's handlers, as Kapacitor's do.
 */
@Controller('kapacitor/v1/replays')
export class KapacitorReplaysController {
  constructor(@Inject(RECORDINGS_CONTEXT) private readonly recordings: RecordingsContext) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const replays = runListPage(request.query as QueryValues, this.recordings.store.replayList(), REPLAY_LIST_FIELDS, replayObject, REPLAY_FIELDS);
      await reply.status(200).send({ replays });
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `{"id"?, "task", "recording", "recording-time", "clock": "fast"|"real"}`; 201 with the running replay. */
  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const replay = await this.recordings.service.replay({ ...replayRequest(body), recording: stringMember(body, 'recording') ?? '' });
      await reply.status(201).send(replayObject(replay));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `kapacitor replay-live batch`: `{"id"?, "task", "start", "stop"?, "recording-time", "clock"}`; 201 with the running replay. */
  @Post('batch')
  async liveBatch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const stop = stringMember(body, 'stop');
      const replay = await this.recordings.service.replayLiveBatch({ ...replayRequest(body), start: stringMember(body, 'start') ?? '', ...(stop === undefined ? {} : { stop }) });
      await reply.status(201).send(replayObject(replay));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `kapacitor replay-live query`: `{"id"?, "task", "query", "cluster"?, "recording-time", "clock"}`; 201 with the running replay. */
  @Post('query')
  async liveQuery(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const cluster = stringMember(body, 'cluster');
      const replay = await this.recordings.service.replayLiveQuery({ ...replayRequest(body), query: stringMember(body, 'query') ?? '', ...(cluster === undefined ? {} : { cluster }) });
      await reply.status(201).send(replayObject(replay));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const replay = this.recordings.store.replay(id);
    if (!replay) return sendKapacitorError(reply, 404, 'no replay exists');
    await sendRun(reply, replay, replayObject(replay));
  }

  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    if (this.recordings.store.replay(id)) await this.recordings.store.deleteReplay(id);
    await reply.status(204).send();
  }
}

/** The members every replay request has: id, task, `recording-time` and `clock` (fast when not given). */
function replayRequest(body: Record<string, unknown>): ReplayRequest {
  const clock = body['clock'] ?? 'fast';
  if (clock !== 'fast' && clock !== 'real') throw new JsonBodyError(`invalid clock type ${JSON.stringify(clock)}`);
  const recordingTime = body['recording-time'] ?? false;
  if (typeof recordingTime !== 'boolean') throw new JsonBodyError('invalid request json: recording-time must be true or false');
  return { id: stringMember(body, 'id'), task: stringMember(body, 'task') ?? '', recordingTime, clock };
}
