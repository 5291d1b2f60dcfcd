import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendKapacitorError } from '@vigil/kapacitor-api';
import { configSections } from './config-view';
import { RUNBOOK_CONTEXT, type RunbookContext } from './runbook-context';

/**
 * Kapacitor's `/kapacitor/v1/config` (`services/config`, `handleGetConfig`), read-only: the
 * sections, one section, or one element of it, with secrets redacted. Kapacitor changes its
 * configuration through this API and keeps the overrides in its database; vigil serve's
 * configuration is its flags and its handler file, so a POST is refused with 403, as Kapacitor
 * refuses it when its config override service is disabled.
 */
@Controller('kapacitor/v1/config')
export class KapacitorConfigController {
  constructor(@Inject(RUNBOOK_CONTEXT) private readonly context: RunbookContext) {}

  @Get()
  all(): unknown {
    return configSections(this.context.settings, this.context.handlers);
  }

  @Get(':section')
  async section(@Param('section') name: string, @Res() reply: FastifyReply): Promise<void> {
    const section = configSections(this.context.settings, this.context.handlers).sections[name];
    if (!section) return sendKapacitorError(reply, 404, `unknown section: ${name}`);
    await reply.status(200).send(section);
  }

  @Get(':section/:element')
  async element(@Param('section') name: string, @Param('element') key: string, @Res() reply: FastifyReply): Promise<void> {
    const section = configSections(this.context.settings, this.context.handlers).sections[name];
    const found = section?.elements.find((element) => element.link.href.endsWith(`/${name}/${key}`));
    if (!found) return sendKapacitorError(reply, 404, `unknown section/element: ${name}/${key}`);
    await reply.status(200).send(found);
  }

  @Post(['', '*'])
  async change(@Res() reply: FastifyReply): Promise<void> {
    await sendKapacitorError(reply, 403, "vigil serve's configuration is read-only: change the serve flags or the --handlers-config file and restart");
  }
}
