import { Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerError, JsonBodyError, REPLAY_FIELDS, REPLAY_LIST_FIELDS, runListPage, sendKapacitorError, TaskRequestError, type QueryValues } from '@vigil/kapacitor-api';
import { ReplaysUnavailableError } from './evaluator-replay-queue';
import { objectBody, stringMember } from './kapacitor-recordings.controller';
import { ReplayExistsError, TopicReplayStore, type ReplaySettings } from './topic-replay-store';

/**
 * Kapacitor's replays in the distributed mode (`services/replay/service.go`): `kapacitor replay
 * -recording R -task T [-rec-time] [-real-clock]`, `replay-live batch|query` (an evaluator queries
 * its InfluxDB and feeds the task), `list replays`, the replay's GET (202 while
 * it runs, 200 after, as Kapacitor's `handleReplay`) and `delete replays`, over the replays topic
 * (TopicReplayStore); an evaluator runs each replay and its alerts go to the task's handlers.
 */
@Controller('kapacitor/v1/replays')
export class KapacitorReplaysController {
  constructor(@Inject(TopicReplayStore) private readonly replays: TopicReplayStore) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const replays = runListPage(request.query as QueryValues, this.replays.list(), REPLAY_LIST_FIELDS, (replay) => this.object(replay.id), REPLAY_FIELDS);
      await reply.status(200).send({ replays });
    } catch (error) {
      await answerError(reply, error);
    }
  }

  /** `{"id"?, "task", "recording", "recording-time"?, "clock"?: "fast"|"real"}`: 201 with the running replay once an evaluator took it. */
  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.start(request, reply, (fields) => this.replays.replay({ ...settingsOf(fields), recording: stringMember(fields, 'recording') ?? '' }));
  }

  /** `kapacitor replay-live batch`: `{"id"?, "task", "start", "stop"?, "recording-time"?, "clock"?}`; 201 once an evaluator took it. */
  @Post('batch')
  async liveBatch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.start(request, reply, (fields) => this.replays.replayLiveBatch({ ...settingsOf(fields), start: stringMember(fields, 'start'), stop: stringMember(fields, 'stop') }));
  }

  /** `kapacitor replay-live query`: `{"id"?, "task", "query", "cluster"?, "recording-time"?, "clock"?}`; 201 once an evaluator took it. */
  @Post('query')
  async liveQuery(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.start(request, reply, (fields) => this.replays.replayLiveQuery({ ...settingsOf(fields), query: stringMember(fields, 'query') ?? '', cluster: stringMember(fields, 'cluster') }));
  }

  private async start(request: FastifyRequest, reply: FastifyReply, replay: (fields: Record<string, unknown>) => Promise<{ readonly id: string }>): Promise<void> {
    try {
      const started = await replay(objectBody(request.body));
      await reply.status(201).send(this.object(started.id));
    } catch (error) {
      if (error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
      if (error instanceof ReplaysUnavailableError) return sendKapacitorError(reply, 503, error.message);
      if (error instanceof ReplayExistsError) return sendKapacitorError(reply, 500, error.message);
      await answerError(reply, error);
    }
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

/** The id, task, clock and `recording-time` of a replay request (`fast` and false when left out). */
function settingsOf(fields: Record<string, unknown>): ReplaySettings {
  const clock = fields['clock'] ?? 'fast';
  if (clock !== 'fast' && clock !== 'real') throw new TaskRequestError(`invalid clock type ${JSON.stringify(clock)}`);
  const recordingTime = fields['recording-time'] ?? false;
  if (typeof recordingTime !== 'boolean') throw new TaskRequestError('invalid request json: recording-time must be true or false');
  return { id: stringMember(fields, 'id'), task: stringMember(fields, 'task') ?? '', recordingTime, clock };
}
