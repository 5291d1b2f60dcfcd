import { All, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerError, jsonBody, JsonBodyError, RECORDING_FIELDS, runListPage, sendKapacitorError, TaskRequestError, type QueryValues } from '@vigil/kapacitor-api';
import type { RecordingRecord } from '@vigil/topic-contract';
import { RecordingExistsError, TopicRecordingStore } from './topic-recording-store';

/** Why `record batch` and `record query` are refused here, and what to use instead. */
export const QUERY_RECORDINGS_REFUSAL =
  'record batch and record query are not served in the distributed mode: ingest queries no InfluxDB; record stream keeps a time range of the points topic (docs/control-plane.md, "Recordings and replays"), and vigil serve --influxdb records batches';

/** Why replays are refused here, and what to run instead. */
export const REPLAYS_REFUSAL =
  'replays are not served in the distributed mode yet: replay a time range of the points topic against a task with ' +
  '`vigil replay --task NAME --from-topic POINTS_TOPIC --start TIME --stop TIME` (a replay naming a recording is answered with the command for its range; docs/control-plane.md, "Recordings and replays"); `vigil serve` has replay';

/** The refusal of `kapacitor replay -recording R -task T` for a recording this ingest knows: the command that replays its range. */
export function recordingReplayRefusal(recording: RecordingRecord, task: string): string {
  return (
    `replays are not served in the distributed mode yet: replay recording ${recording.id} (a time range of the points topic) with ` +
    `\`vigil replay --task ${task} --from-topic ${recording.pointsTopic} --start ${recording.start} --stop ${recording.stop}\` (docs/control-plane.md, "Recordings and replays")`
  );
}

/**
 * Kapacitor's recordings in the distributed mode (`services/replay/service.go`): `record stream`,
 * `list recordings`, the recording's GET (202 while running, 200 once finished, as Kapacitor's
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
      if (error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
      if (error instanceof RecordingExistsError) return sendKapacitorError(reply, 500, error.message);
      await answerError(reply, error);
    }
  }

  @Post(['recordings/batch', 'recordings/query'])
  async refuseQuery(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 501, QUERY_RECORDINGS_REFUSAL);
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

  /** `kapacitor replay -recording R -task T`: refused, with the command that replays R's range when R is known. */
  @Post('replays')
  async refuseReplay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let fields: Record<string, unknown> = {};
    try {
      const body = jsonBody(request.body, 'request');
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) fields = body as Record<string, unknown>;
    } catch {
      // An unreadable body gets the general refusal: nothing would run it anyway.
    }
    const recording = typeof fields['recording'] === 'string' ? this.recordings.get(fields['recording']) : undefined;
    const task = typeof fields['task'] === 'string' && fields['task'] !== '' ? fields['task'] : 'NAME';
    await sendKapacitorError(reply, 501, recording ? recordingReplayRefusal(recording, task) : REPLAYS_REFUSAL);
  }

  /** `list replays`: refused. */
  @Get('replays')
  async refuseReplayList(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 501, REPLAYS_REFUSAL);
  }

  /** A replay's GET and DELETE, `replay-live`: refused. */
  @All('replays/*')
  async refuseReplays(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 501, REPLAYS_REFUSAL);
  }

  private object(id: string): Record<string, unknown> {
    const recording = this.recordings.get(id);
    return { link: { rel: 'self', href: `/kapacitor/v1/recordings/${id}` }, ...(recording ? this.recordings.view(recording) : {}) };
  }
}

function stringMember(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TaskRequestError(`invalid request json: ${name} must be a string`);
  return value;
}
