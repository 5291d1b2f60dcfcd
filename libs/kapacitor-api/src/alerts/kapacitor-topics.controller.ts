import { Controller, Delete, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { levelRank } from '@vigil/core';
import { answer } from '../http/kapacitor-answer';
import { sendKapacitorError } from '../http/kapacitor-error';
import { queryValue, type QueryValues } from '../http/task-list-query';
import { TaskPattern } from '../http/task-pattern';
import { TaskRequestError } from '../http/task-request-error';
import { ALERTS_CONTEXT, type AlertsContext } from './alerts-context';
import { eventsLink, readMinLevel, topicEventObject, topicObject } from './topic-view';

/**
 * Kapacitor's alert topics (`services/alert/api.go`): `kapacitor list topics`, `show-topic` and
 * `delete topics`. The topics and their event states are kept current from the event log by the
 * TopicFollower; a topic with handlers exists before its first event, as in Kapacitor.
 */
@Controller('kapacitor/v1/alerts/topics')
export class KapacitorTopicsController {
  constructor(@Inject(ALERTS_CONTEXT) private readonly alerts: AlertsContext) {}

  /** `pattern` (Go's path.Match; a malformed one is 400) and `min-level` (the topic's own level). */
  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, () => {
      const query = request.query as QueryValues;
      const pattern = TaskPattern.parse(queryValue(query, 'pattern'));
      if (!pattern.wellFormed) throw new TaskRequestError('invalid pattern: syntax error in pattern');
      const minLevel = readMinLevel(queryValue(query, 'min-level'));
      const topics = this.alerts.topics.topics;
      const listed = topics.ids().flatMap((id) => {
        const summary = topics.summary(id);
        if (!summary || !pattern.matches(id) || levelRank(summary.level) < levelRank(minLevel)) return [];
        return [topicObject(id, summary)];
      });
      return { link: { rel: 'self', href: request.url }, topics: listed };
    });
  }

  @Get(':topic')
  async get(@Param('topic') topic: string, @Res() reply: FastifyReply): Promise<void> {
    const summary = this.alerts.topics.topics.summary(topic);
    if (!summary) return sendKapacitorError(reply, 404, `unknown topic: ${JSON.stringify(topic)}`);
    await reply.status(200).send(topicObject(topic, summary));
  }

  /** Every alert id's current state on the topic, at `min-level` or above; an unknown topic is Kapacitor's 500. */
  @Get(':topic/events')
  async events(@Param('topic') topic: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.alerts.topics.topics.summary(topic)) return sendKapacitorError(reply, 500, `failed to get topic events: unknown topic ${JSON.stringify(topic)}`);
    await answer(reply, () => {
      const minLevel = readMinLevel(queryValue(request.query as QueryValues, 'min-level'));
      const states = this.alerts.topics.topics.events(topic, minLevel) ?? [];
      return { link: eventsLink(topic, 'self'), topic, events: states.map((state) => topicEventObject(topic, state)) };
    });
  }

  @Get(':topic/events/:event')
  async event(@Param('topic') topic: string, @Param('event') id: string, @Res() reply: FastifyReply): Promise<void> {
    const state = this.alerts.topics.topics.event(topic, id);
    if (!state) return sendKapacitorError(reply, 404, `unknown event ${JSON.stringify(id)} in topic ${JSON.stringify(topic)}`);
    await reply.status(200).send(topicEventObject(topic, state));
  }

  /** 204 whether or not the topic existed; its event states go with it (`DeleteTopic`). */
  @Delete(':topic')
  async remove(@Param('topic') topic: string, @Res() reply: FastifyReply): Promise<void> {
    await this.alerts.topics.deleteTopic(topic);
    await reply.status(204).send();
  }
}
