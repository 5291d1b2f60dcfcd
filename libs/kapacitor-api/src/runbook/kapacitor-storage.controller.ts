import { Controller, Get, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { RUNBOOK_VIEW, type RunbookView } from './runbook-view';

/**
 * `kapacitor backup` (GET `/kapacitor/v1/storage/backup`, `services/storage/api.go`,
 * `handleBackup`): the mode's definitions as a `.tar.gz`, sent with its Content-Length, which the
 * CLI compares with what it wrote. Kapacitor's store list and rebuild act on BoltDB indexes vigil
 * does not have: refused with 404.
 */
@Controller('kapacitor/v1/storage')
export class KapacitorStorageController {
  constructor(@Inject(RUNBOOK_VIEW) private readonly view: RunbookView) {}

  @Get('backup')
  async backup(@Res() reply: FastifyReply): Promise<void> {
    const archive = await this.view.backup();
    await reply
      .status(200)
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', 'attachment; filename="vigil-backup.tar.gz"')
      .header('Content-Length', String(archive.length))
      .send(archive);
  }

  @Get('stores')
  async stores(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 404, this.view.storesRefusal);
  }

  @Post('*')
  async action(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 404, this.view.storesRefusal);
  }
}
