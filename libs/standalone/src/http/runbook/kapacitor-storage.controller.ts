import { Controller, Get, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TaskCatalog } from '../../tasks/task-catalog';
import { sendKapacitorError } from '@vigil/kapacitor-api';
import { backupArchive } from './data-backup';
import { RUNBOOK_CONTEXT, type RunbookContext } from './runbook-context';

/**
 * `kapacitor backup` (GET `/kapacitor/v1/storage/backup`, `services/storage/api.go`,
 * `handleBackup`): the data folder's definitions as a `.tar.gz` (data-backup.ts says what and how
 * to restore), sent with its Content-Length, which the CLI compares with what it wrote. Kapacitor's
 * store list and rebuild act on BoltDB indexes vigil does not have: refused with 404.
 */
@Controller('kapacitor/v1/storage')
export class KapacitorStorageController {
  constructor(
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(RUNBOOK_CONTEXT) private readonly context: RunbookContext,
  ) {}

  @Get('backup')
  async backup(@Res() reply: FastifyReply): Promise<void> {
    const root = this.context.settings.dataDir;
    const archive = await this.catalog.whileUnchanged(() => backupArchive(root, Math.floor(this.context.nowMs() / 1000)));
    await reply
      .status(200)
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', 'attachment; filename="vigil-backup.tar.gz"')
      .header('Content-Length', String(archive.length))
      .send(archive);
  }

  @Get('stores')
  async stores(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 404, 'vigil keeps no BoltDB stores: tasks and templates are files in the data folder');
  }

  @Post('*')
  async action(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 404, 'vigil keeps no BoltDB stores to rebuild');
  }
}
