import { Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerError, jsonBody, JsonBodyError, RECORDING_FIELDS, runListPage, sendKapacitorError, TaskRequestError, type QueryValues } from '@vigil/kapacitor-api';
import { ReplaysUnavailableError } from './evaluator-replay-queue';
import { RecordingExistsError, TopicRecordingStore } from './topic-recording-store';

/**
 * Kapacitor's recordings in the distributed mode (`services/replay/service.go`): `record stream`,
 * `record batch` and `record query` (made by an evaluator against its InfluxDB), `list recordings`, the recording's GET (202 while running, 200 once finished, as Kapacitor's
 * `handleRecording`) and `delete recordings`, over the recordings topic (TopicRecordingStore).
 */
@Controller('kapacitor/v1')
export class KapacitorRecordingsController {
  constructor(@Inject(TopicRecordingStore) private readonly recordings: TopicRecordingStore) {}

  @Get('recordings')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const recordings = runListPage(request.query as QueryValues, this.recordings.list(), RECORDING_FIELDS, (recording) => this.object(recording.id));
      await reply.status(200).send({ recordings });
    } catch (error) {
      await answerError(reply, error);
    }
  }

  /** `{"id"?, "task", "stop"}`: 201 with the running recording once the recordings topic has it. */
  @Post('recordings/stream')
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = jsonBody(request.body, 'request');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new JsonBodyError('invalid request json: expected a JSON object');
      const fields = body as Record<string, unknown>;
      const recording = await this.recordings.recordStream({ id: stringMember(fields, 'id'), task: stringMember(fields, 'task') ?? '', stop: stringMember(fields, 'stop') ?? '' });
      await reply.status(201).send(this.object(recording.id));
    } catch (error) {
      await this.answerRecordError(reply, error);
    }
  }

  /** `{"id"?, "task", "start", "stop"?, "cluster"?}`: 201 with the running recording once an evaluator took it. */
  @Post('recordings/batch')
  async batch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const fields = objectBody(request.body);
      const recording = await this.recordings.recordBatch({ id: stringMember(fields, 'id'), task: stringMember(fields, 'task') ?? '', start: stringMember(fields, 'start'), stop: stringMember(fields, 'stop') });
      await reply.status(201).send(this.object(recording.id));
    } catch (error) {
      await this.answerRecordError(reply, error);
    }
  }

  /** `{"id"?, "type": "stream"|"batch", "query", "cluster"?}`: 201 with the running recording once an evaluator took it. */
  @Post('recordings/query')
  async query(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const fields = objectBody(request.body);
      const type = fields['type'];
      if (type !== 'stream' && type !== 'batch') throw new TaskRequestError(`invalid request json: type must be "stream" or "batch", not ${JSON.stringify(type)}`);
      const recording = await this.recordings.recordQuery({ id: stringMember(fields, 'id'), type, query: stringMember(fields, 'query') ?? '', cluster: stringMember(fields, 'cluster') });
      await reply.status(201).send(this.object(recording.id));
    } catch (error) {
      await this.answerRecordError(reply, error);
    }
  }

  private async answerRecordError(reply: FastifyReply, error: unknown): Promise<void> {
    if (error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
    if (error instanceof RecordingExistsError) return sendKapacitorError(reply, 500, error.message);
    if (error instanceof ReplaysUnavailableError) return sendKapacitorError(reply, 503, error.message);
    await answerError(reply, error);
  }

  @Get('recordings/:id')
  async get(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const recording = this.recordings.get(id);
    if (!recording) return sendKapacitorError(reply, 500, 'error finding recording: no recording exists');
    const object = this.object(id);
    await reply.status(object['status'] === 'running' ? 202 : 200).send(object);
  }

  /** 204 whether or not it existed, as Kapacitor. */
  @Delete('recordings/:id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.recordings.remove(id);
    await reply.status(204).send();
  }

  private object(id: string): Record<string, unknown> {
    const recording = this.recordings.get(id);
    return { link: { rel: 'self', href: `/kapacitor/v1/recordings/${id}` }, ...(recording ? this.recordings.view(recording) : {}) };
  }
}

/** The request's JSON object, or a JsonBodyError (400). */
export function objectBody(raw: unknown): Record<string, unknown> {
  const body = jsonBody(raw, 'request');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new JsonBodyError('invalid request json: expected a JSON object');
  return body as Record<string, unknown>;
}

export function stringMember(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TaskRequestError(`invalid request json: ${name} must be a string`);
  return value;
}
