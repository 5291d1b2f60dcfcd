import { Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerError, jsonBody, JsonBodyError, REPLAY_FIELDS, runListPage, sendKapacitorError, TaskRequestError, type QueryValues } from '@vigil/kapacitor-api';
import { ReplaysUnavailableError } from './evaluator-replay-queue';
import { stringMember } from './kapacitor-recordings.controller';
import { ReplayExistsError, TopicReplayStore } from './topic-replay-store';

/** Why `replay-live` is refused here, and what to run instead. */
export const REPLAY_LIVE_REFUSAL =
  'replay-live batch and replay-live query are not served in the distributed mode: they query an InfluxDB, which ingest does not; ' +
  'record the points first with `kapacitor record stream -task T -duration D`, then run `kapacitor replay -recording R -task T` (docs/control-plane.md, "Recordings and replays"), or use vigil serve --influxdb';

/**
 * Kapacitor's replays in the distributed mode (`services/replay/service.go`): `kapacitor replay
 * -recording R -task T [-rec-time] [-real-clock]`, `list replays`, the replay's GET (202 while
 * it runs, 200 after, as Kapacitor's `handleReplay`) and `delete replays`, over the replays topic
 * (TopicReplayStore); an evaluator runs each replay and its alerts go to the task's handlers.
 */
@Controller('kapacitor/v1/replays')
export class KapacitorReplaysController {
  constructor(@Inject(TopicReplayStore) private readonly replays: TopicReplayStore) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const replays = runListPage(request.query as QueryValues, this.replays.list(), REPLAY_FIELDS, (replay) => this.object(replay.id));
      await reply.status(200).send({ replays });
    } catch (error) {
      await answerError(reply, error);
    }
  }

  /** `{"id"?, "task", "recording", "recording-time"?, "clock"?: "fast"|"real"}`: 201 with the running replay once an evaluator took it. */
  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = jsonBody(request.body, 'request');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new JsonBodyError('invalid request json: expected a JSON object');
      const fields = body as Record<string, unknown>;
      const clock = fields['clock'] ?? 'fast';
      if (clock !== 'fast' && clock !== 'real') throw new TaskRequestError(`invalid clock type ${JSON.stringify(clock)}`);
      const recordingTime = fields['recording-time'] ?? false;
      if (typeof recordingTime !== 'boolean') throw new TaskRequestError('invalid request json: recording-time must be true or false');
      const replay = await this.replays.replay({ id: stringMember(fields, 'id'), task: stringMember(fields, 'task') ?? '', recording: stringMember(fields, 'recording') ?? '', recordingTime, clock });
      await reply.status(201).send(this.object(replay.id));
    } catch (error) {
      if (error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
      if (error instanceof ReplaysUnavailableError) return sendKapacitorError(reply, 503, error.message);
      if (error instanceof ReplayExistsError) return sendKapacitorError(reply, 500, error.message);
      await answerError(reply, error);
    }
  }

  @Post(['batch', 'query'])
  async refuseLive(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 501, REPLAY_LIVE_REFUSAL);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const replay = this.replays.get(id);
    if (!replay) return sendKapacitorError(reply, 404, 'could not find replay: no replay exists');
    await reply.status(replay.status === 'running' ? 202 : 200).send(this.object(id));
  }

  /** 204 whether or not it existed, as Kapacitor. */
  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.replays.remove(id);
    await reply.status(204).send();
  }

  private object(id: string): Record<string, unknown> {
    const replay = this.replays.get(id);
    return { link: { rel: 'self', href: `/kapacitor/v1/replays/${id}` }, ...(replay ? this.replays.view(replay) : {}) };
  }
}
