import { Controller, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { SIDELOAD_RELOAD, type SideloadReload } from './sideload-reload';

/**
 * `POST /kapacitor/v1/sideload/reload` (`services/sideload/service.go`, `handleReload`): the
 * running tasks' `sideload()` nodes read their files again, without a task reload and keeping
 * every node's state; 204, or Kapacitor's 500 naming the source and file that failed (503 when
 * the distributed mode cannot reach Redis to tell its evaluators). The body is not read.
 */
@Controller()
export class KapacitorSideloadController {
  constructor(@Inject(SIDELOAD_RELOAD) private readonly sideloads: SideloadReload) {}

  @Post('kapacitor/v1/sideload/reload')
  async reload(@Res() reply: FastifyReply): Promise<void> {
    const refusal = await this.sideloads.reload();
    if (refusal !== undefined) return sendKapacitorError(reply, refusal.status, refusal.message);
    await reply.status(204).send();
  }
}
