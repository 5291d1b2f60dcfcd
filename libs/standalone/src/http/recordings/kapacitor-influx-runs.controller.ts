import { Controller, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '@vigil/kapacitor-api';

/** Why vigil serve refuses Kapacitor's batch and query recordings and replays. */
export const NO_INFLUXDB = 'vigil serve has no InfluxDB to query and runs no batch tasks: record a stream (record stream -task T -duration D), or replay a time range of the point log with POST /vigil/v1/replays';

/**
 * `kapacitor record batch`, `record query` and `replay-live batch|query`: each reads from an
 * InfluxDB (`replay/service.go`, `execQuery`), which vigil serve does not have. Refused with 400
 * and the alternatives rather than left as unknown routes.
 */
@Controller('kapacitor/v1')
export class KapacitorInfluxRunsController {
  @Post(['recordings/batch', 'recordings/query', 'replays/batch', 'replays/query'])
  async refuse(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 400, NO_INFLUXDB);
  }
}
