import { Controller, Delete, Get, Inject, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendKapacitorError } from '../http/kapacitor-error';
import { jsonBody, JsonBodyError } from '../http/json-body';
import { queryValue, type QueryValues } from '../http/task-list-query';
import { TaskPattern } from '../http/task-pattern';
import { ALERTS_CONTEXT, type AlertsContext } from './alerts-context';
import { TopicHandlerError } from './topic-handler-kinds';
import { specOf, type TopicHandlerSpec } from './topic-handler-spec';
import { applyJsonPatch, JsonPatchError } from './json-patch';
import { handlerLink } from './topic-view';

/**
 * Kapacitor's topic handlers (`services/alert/api.go`): `kapacitor define-topic-handler` (a POST,
 * or a PUT when the handler exists), `list topic-handlers`, `show-topic-handler`,
 * `delete topic-handlers`, and PATCH with a JSON Patch. Definitions are checked and kept by the
 * TopicHandlerStore; the notifier delivers each event of the topic to them.
 */
@Controller('kapacitor/v1/alerts/topics/:topic/handlers')
export class KapacitorTopicHandlersController {
  constructor(@Inject(ALERTS_CONTEXT) private readonly alerts: AlertsContext) {}

  /** The topic's handlers whose id matches `pattern`, in id order; an unknown topic has none. */
  @Get()
  async list(@Param('topic') topic: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pattern = TaskPattern.parse(queryValue(request.query as QueryValues, 'pattern'));
    if (!pattern.wellFormed) return sendKapacitorError(reply, 400, 'invalid pattern: syntax error in pattern');
    const handlers = this.alerts.handlers.of(topic).filter((handler) => pattern.matches(handler.spec.id));
    await reply.status(200).send({ link: { rel: 'self', href: request.url }, topic, handlers: handlers.map(handlerObject) });
  }

  @Get(':id')
  async get(@Param('topic') topic: string, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const handler = this.alerts.handlers.get(topic, id);
    if (!handler) return sendKapacitorError(reply, 404, `unknown handler: ${JSON.stringify(id)}`);
    await reply.status(200).send(handlerObject(handler));
  }

  @Post()
  async create(@Param('topic') topic: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, 'failed to create handler', async () => {
      const handler = await this.alerts.handlers.create(specOf(topic, jsonBody(request.body, 'handler')));
      this.alerts.topics.topics.ensure(topic);
      return handler;
    });
  }

  /** Replaces the handler with the body (`define-topic-handler` of an existing id). */
  @Put(':id')
  async replace(@Param('topic') topic: string, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const current = this.alerts.handlers.get(topic, id);
    if (!current) return sendKapacitorError(reply, 404, `unknown handler: ${JSON.stringify(id)}`);
    await this.answer(reply, 'failed to update handler', () => this.alerts.handlers.replace(current.spec, specOf(topic, jsonBody(request.body, 'handler'))));
  }

  /** Applies a JSON Patch to the handler's spec. */
  @Patch(':id')
  async patch(@Param('topic') topic: string, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const current = this.alerts.handlers.get(topic, id);
    if (!current) return sendKapacitorError(reply, 404, `unknown handler: ${JSON.stringify(id)}`);
    await this.answer(reply, 'failed to update handler', () => this.alerts.handlers.replace(current.spec, specOf(topic, applyJsonPatch(current.spec, jsonBody(request.body, 'patch')))));
  }

  /** 204 whether or not the handler existed. */
  @Delete(':id')
  async remove(@Param('topic') topic: string, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.alerts.handlers.delete(topic, id);
    await reply.status(204).send();
  }

  /**
   * 200 with the handler as now defined, or 400 with why not. Kapacitor answers a handler it
   * cannot build with 500; vigil answers 400, the request being what is wrong.
   */
  private async answer(reply: FastifyReply, prefix: string, change: () => Promise<{ readonly spec: TopicHandlerSpec }>): Promise<void> {
    let handler: { readonly spec: TopicHandlerSpec };
    try {
      handler = await change();
    } catch (error) {
      if (error instanceof JsonPatchError || error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
      if (error instanceof TopicHandlerError) return sendKapacitorError(reply, 400, `${prefix}: ${error.message}`);
      throw error;
    }
    await reply.status(200).send(handlerObject(handler));
  }
}

/** Kapacitor's `client.TopicHandler`. */
function handlerObject({ spec }: { readonly spec: TopicHandlerSpec }): Record<string, unknown> {
  return { link: handlerLink(spec.topic, spec.id), id: spec.id, kind: spec.kind, options: spec.options, match: spec.match };
}
