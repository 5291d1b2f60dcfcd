import { All, Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '@vigil/kapacitor-api';

/** Why ingest keeps no recordings, and what to run instead; the answer of every recording and replay route. */
export const RECORDINGS_REFUSAL =
  'recordings and replays are not served in the distributed mode: the points topic already holds the points, so replay a time range of it against a task with ' +
  '`vigil replay --task NAME --from-topic POINTS_TOPIC --start TIME --stop TIME` (docs/control-plane.md, "Recordings and replays"); `vigil serve` has record and replay';

/**
 * Kapacitor's recordings and replays (`record`, `list recordings`, `replay`, `replay-live`) in the
 * distributed mode: refused with 501 and what to run instead, rather than a bare 404. Ingest
 * loads no engine to replay with, and the points topic is already the record a recording would
 * copy, which `vigil replay --from-topic` replays through the engine in its own process.
 */
@Controller('kapacitor/v1')
export class RecordingsRefusedController {
  @All(['recordings', 'recordings/*', 'replays', 'replays/*'])
  async refuse(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 501, RECORDINGS_REFUSAL);
  }
}
