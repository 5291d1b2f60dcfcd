import { Controller, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '@vigil/kapacitor-api';

/** Why vigil serve refuses Kapacitor's batch and query recordings and replays. */
export const NO_INFLUXDB = 'vigil serve does not replay live queries (replay-live batch|query): record first (record batch or record query), then replay the recording; or replay a time range of the point log with POST /vigil/v1/replays';

/**
 * `kapacitor replay-live batch|query`, which query InfluxDB and replay the answer without keeping
 * it (`replay/service.go`): not done by vigil serve. Refused with 400 and the alternatives rather
 * than left as unknown routes.
 */
@Controller('kapacitor/v1')
export class KapacitorInfluxRunsController {
  @Post(['replays/batch', 'replays/query'])
  async refuse(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 400, NO_INFLUXDB);
  }
}
