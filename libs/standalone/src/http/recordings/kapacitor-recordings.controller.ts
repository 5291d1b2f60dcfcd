import { Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type QueryValues, RECORDING_FIELDS, runListPage, sendKapacitorError } from '@vigil/kapacitor-api';
import { jsonBody, JsonBodyError } from '@vigil/kapacitor-api';
import { RECORDINGS_CONTEXT, type RecordingsContext } from './recordings-context';
import { objectBody, recordingObject, sendRun, sendRunError, stringMember } from './run-answers';

/**
 * Kapacitor's recordings (`services/replay/service.go`): `kapacitor record stream`, `record
 * batch`, `record query`, `list recordings`, `delete recordings`. `record batch` and `record
 * query` read the InfluxDB batch tasks query (`vigil serve --influxdb`); without one they are
 * refused with 400.
 */
@Controller('kapacitor/v1/recordings')
export class KapacitorRecordingsController {
  constructor(@Inject(RECORDINGS_CONTEXT) private readonly recordings: RecordingsContext) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const recordings = runListPage(request.query as QueryValues, this.recordings.store.recordingList(), RECORDING_FIELDS, recordingObject);
      await reply.status(200).send({ recordings });
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `{"id"?, "task", "stop"}`: records the task's dbrps until `stop`; 201 with the running recording. */
  @Post('stream')
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const recording = await this.recordings.service.recordStream({ id: stringMember(body, 'id'), task: stringMember(body, 'task') ?? '', stop: stringMember(body, 'stop') ?? '' });
      await reply.status(201).send(recordingObject(recording));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `{"id"?, "task", "start", "stop"?}`: records the task's query runs from start to stop (now when zero); 201 with the running recording. */
  @Post('batch')
  async batch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const stop = stringMember(body, 'stop');
      const recording = await this.recordings.service.recordBatch({ id: stringMember(body, 'id'), task: stringMember(body, 'task') ?? '', start: stringMember(body, 'start') ?? '', ...(stop === undefined ? {} : { stop }) });
      await reply.status(201).send(recordingObject(recording));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  /** `{"id"?, "query", "type": "stream"|"batch", "cluster"?}`: records one query's answer; 201 with the running recording. */
  @Post('query')
  async query(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const body = objectBody(jsonBody(request.body, 'request'));
      const type = body['type'];
      if (type !== 'stream' && type !== 'batch') throw new JsonBodyError(`unknown TaskType ${typeof type === 'string' ? type : JSON.stringify(type)}`);
      const cluster = stringMember(body, 'cluster');
      const recording = await this.recordings.service.recordQuery({ id: stringMember(body, 'id'), query: stringMember(body, 'query') ?? '', type, ...(cluster === undefined ? {} : { cluster }) });
      await reply.status(201).send(recordingObject(recording));
    } catch (error) {
      await sendRunError(reply, error);
    }
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const recording = this.recordings.store.recording(id);
    if (!recording) return sendKapacitorError(reply, 500, 'error finding recording: no recording exists');
    await sendRun(reply, recording, recordingObject(recording));
  }

  /** 204 whether or not it existed, as Kapacitor. */
  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    if (this.recordings.store.recording(id)) await this.recordings.store.deleteRecording(id);
    await reply.status(204).send();
  }
}
