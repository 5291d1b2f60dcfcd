import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { TaskPattern } from '../http/task-pattern';
import { SERVICE_TESTS, ServiceTestsUnavailable, type ServiceTests, type ServiceTestView } from './service-tests-port';

const BASE = '/kapacitor/v1/service-tests';

/**
 * Kapacitor's service tests (`services/servicetest`): list the services with their default test
 * options (`pattern`, a glob, default `*`), show one, and POST options (or `null`) to send a test
 * notification through the service; a test that ran is 200 with `success` and `message`, as in
 * Kapacitor. Where the tests run is the mode's ServiceTests; when it cannot be reached the answer
 * is 503 with the reason.
 */
@Controller('kapacitor/v1/service-tests')
export class KapacitorServiceTestsController {
  constructor(@Inject(SERVICE_TESTS) private readonly tests: ServiceTests) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const asked = (request.query as Record<string, unknown>)['pattern'];
    let pattern: TaskPattern;
    try {
      pattern = TaskPattern.parse(typeof asked === 'string' && asked !== '' ? asked : '*');
    } catch (error) {
      return sendKapacitorError(reply, 400, `bad pattern: ${(error as Error).message}`);
    }
    const services = await this.services(reply);
    if (services === undefined) return;
    await reply.status(200).send({ link: { rel: 'self', href: BASE }, services: services.filter((service) => pattern.matches(service.name)).map(view) });
  }

  @Get(':name')
  async show(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    const services = await this.services(reply);
    if (services === undefined) return;
    const service = services.find((known) => known.name === name);
    if (!service) return sendKapacitorError(reply, 404, `service "${name}" not found`);
    await reply.status(200).send(view(service));
  }

  @Post(':name')
  async test(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let options: unknown;
    try {
      const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body ?? '');
      options = text.trim() === '' ? null : JSON.parse(text);
    } catch (error) {
      return sendKapacitorError(reply, 400, `failed to decode JSON body: ${(error as Error).message}`);
    }
    if (options !== null && (typeof options !== 'object' || Array.isArray(options))) return sendKapacitorError(reply, 400, 'failed to decode JSON body: expected an object of options');
    let outcome;
    try {
      outcome = await this.tests.run(name, options as Record<string, unknown> | null);
    } catch (error) {
      return unavailable(reply, error);
    }
    if (outcome === undefined) return sendKapacitorError(reply, 404, `service "${name}" not found`);
    await reply.status(200).send({ success: outcome.success, message: outcome.message });
  }

  /** The services, or undefined once the 503 was sent. */
  private async services(reply: FastifyReply): Promise<readonly ServiceTestView[] | undefined> {
    try {
      return await this.tests.list();
    } catch (error) {
      await unavailable(reply, error);
      return undefined;
    }
  }
}

function view(service: ServiceTestView): { link: { rel: 'self'; href: string }; name: string; options: unknown } {
  return { link: { rel: 'self', href: `${BASE}/${service.name}` }, name: service.name, options: service.options };
}

function unavailable(reply: FastifyReply, error: unknown): Promise<void> {
  if (error instanceof ServiceTestsUnavailable) return sendKapacitorError(reply, 503, error.message);
  throw error;
}
