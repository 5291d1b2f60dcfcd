import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import type { ConfigSections } from './config-sections';
import { RUNBOOK_VIEW, type RunbookView } from './runbook-view';

/**
 * Kapacitor's `/kapacitor/v1/config` (`services/config`, `handleGetConfig`), read-only: the
 * sections, one section, or one element of it, with secrets redacted. Kapacitor changes its
 * configuration through this API and keeps the overrides in its database; vigil's configuration
 * is its flags, environment and handler file, so a POST is refused with 403, as Kapacitor refuses
 * it when its config override service is disabled.
 */
@Controller('kapacitor/v1/config')
export class KapacitorConfigController {
  constructor(@Inject(RUNBOOK_VIEW) private readonly view: RunbookView) {}

  @Get()
  all(): ConfigSections {
    return this.view.config();
  }

  @Get(':section')
  async section(@Param('section') name: string, @Res() reply: FastifyReply): Promise<void> {
    const section = this.view.config().sections[name];
    if (!section) return sendKapacitorError(reply, 404, `unknown section: ${name}`);
    await reply.status(200).send(section);
  }

  @Get(':section/:element')
  async element(@Param('section') name: string, @Param('element') key: string, @Res() reply: FastifyReply): Promise<void> {
    const section = this.view.config().sections[name];
    const found = section?.elements.find((element) => element.link.href.endsWith(`/${name}/${key}`));
    if (!found) return sendKapacitorError(reply, 404, `unknown section/element: ${name}/${key}`);
    await reply.status(200).send(found);
  }

  @Post(['', '*'])
  async change(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 403, this.view.configReadOnly);
  }
}
