import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendKapacitorError, TaskPattern } from '@vigil/kapacitor-api';
import { RUNBOOK_CONTEXT, type RunbookContext } from './runbook-context';
import { runServiceTest, SERVICE_TESTS } from './service-tests';

const BASE = '/kapacitor/v1/service-tests';

/**
 * Kapacitor's service tests (`services/servicetest`): list the services with their default test
 * options (`pattern`, a glob, default `*`), show one, and POST options (or `null`) to send a test
 * notification through the service; the answer is always 200 with `success` and `message`.
 */
@Controller('kapacitor/v1/service-tests')
export class KapacitorServiceTestsController {
  constructor(@Inject(RUNBOOK_CONTEXT) private readonly context: RunbookContext) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const asked = (request.query as Record<string, unknown>)['pattern'];
    let pattern: TaskPattern;
    try {
      pattern = TaskPattern.parse(typeof asked === 'string' && asked !== '' ? asked : '*');
    } catch (error) {
      return sendKapacitorError(reply, 400, `bad pattern: ${(error as Error).message}`);
    }
    const services = SERVICE_TESTS.filter((spec) => pattern.matches(spec.name)).map((spec) => this.view(spec.name));
    await reply.status(200).send({ link: { rel: 'self', href: BASE }, services });
  }

  @Get(':name')
  async show(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    if (!SERVICE_TESTS.some((spec) => spec.name === name)) return sendKapacitorError(reply, 404, `service "${name}" not found`);
    await reply.status(200).send(this.view(name));
  }

  @Post(':name')
  async test(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const spec = SERVICE_TESTS.find((known) => known.name === name);
    if (!spec) return sendKapacitorError(reply, 404, `service "${name}" not found`);
    let options: unknown;
    try {
      const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body ?? '');
      options = text.trim() === '' ? null : JSON.parse(text);
    } catch (error) {
      return sendKapacitorError(reply, 400, `failed to decode JSON body: ${(error as Error).message}`);
    }
    if (options !== null && (typeof options !== 'object' || Array.isArray(options))) return sendKapacitorError(reply, 400, 'failed to decode JSON body: expected an object of options');
    const result = await runServiceTest(spec, options as Record<string, unknown> | null, this.context.handlers, BigInt(this.context.nowMs()) * 1_000_000n);
    await reply.status(200).send(result);
  }

  private view(name: string): { link: { rel: 'self'; href: string }; name: string; options: unknown } {
    const spec = SERVICE_TESTS.find((known) => known.name === name);
    return { link: { rel: 'self', href: `${BASE}/${name}` }, name, options: spec?.defaults(this.context.handlers) ?? {} };
  }
}
