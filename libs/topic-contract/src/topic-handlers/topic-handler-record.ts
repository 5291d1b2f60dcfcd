import type { HandlerInstruction } from '@vigil/core';
import { jsonObject } from '../templates/template-record';

/** The format of a topic handler record's value; a reader refuses others. */
export const TOPIC_HANDLER_RECORD_FORMAT = 'vigil.topic-handler.v1';

/**
 * A topic handler as the topic-handlers topic keeps it: Kapacitor's `HandlerSpec` (topic, id,
 * kind, options, match) as the API took it, and `handler`, the vigil handler call the kind and
 * options were mapped to when ingest checked the definition, which is what the notifier delivers
 * with (so the notifier never needs Kapacitor's option names).
 */
export interface TopicHandlerRecord {
  readonly topic: string;
  readonly id: string;
  readonly kind: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly match: string;
  readonly handler: HandlerInstruction;
}

/** Thrown for a topic-handlers record that is not one `encodeTopicHandlerRecord` wrote. */
export class TopicHandlerRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`topic handler record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'TopicHandlerRecordError';
  }
}

/** The record key: `<topic>/<handler id>` (neither may hold a `/`, Kapacitor's `validTopicID`/`validHandlerID`). */
export function topicHandlerKeyOf(topic: string, id: string): string {
  return `${topic}/${id}`;
}

/**
 * The delivery key of a topic handler (the ledger's and a dead letter's handler key):
 * `topic:<topic>/<handler id>`. It cannot collide with the `<index>:<kind>` keys of a task's own
 * handlers, and it stays the same across restarts and redefinitions of the handler, so the ledger
 * delivers an event to it once and `vigil dlq replay` can name it.
 */
export function topicHandlerDeliveryKeyOf(topic: string, id: string): string {
  return `topic:${topic}/${id}`;
}

/**
 * The value of a topic handler's record on the topic-handlers topic (compacted, one partition):
 * key = `topicHandlerKeyOf`, value = this JSON, tombstone = deleted. Ingest writes it and reads it
 * for the API; every notifier follows it and delivers each alert event of the topic through it.
 */
export function encodeTopicHandlerRecord(record: TopicHandlerRecord): string {
  const { topic, id, kind, options, match, handler } = record;
  return JSON.stringify({ format: TOPIC_HANDLER_RECORD_FORMAT, topic, id, kind, options, match, handler });
}

/** Reads a topic handler record's value; every field is checked, since it came over Kafka. */
export function decodeTopicHandlerRecord(key: string, value: Buffer | string): TopicHandlerRecord {
  const fail = (reason: string): Error => new TopicHandlerRecordError(key, reason);
  const fields = jsonObject(key, value, fail);
  if (fields['format'] !== TOPIC_HANDLER_RECORD_FORMAT) throw fail(`unknown format ${JSON.stringify(fields['format'])}`);
  const { topic, id, kind, options, match, handler } = fields;
  if (typeof topic !== 'string' || typeof id !== 'string' || typeof kind !== 'string' || typeof match !== 'string') throw fail('"topic", "id", "kind" and "match" must be strings');
  if (topicHandlerKeyOf(topic, id) !== key) throw fail('its topic and id are not its key');
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw fail('"options" must be an object');
  return { topic, id, kind, options: options as Record<string, unknown>, match, handler: instructionOf(handler, fail) };
}

function instructionOf(value: unknown, fail: (reason: string) => Error): HandlerInstruction {
  const { kind, args, options } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const scalars = (list: unknown): list is (string | number | boolean)[] => Array.isArray(list) && list.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry));
  if (typeof kind !== 'string' || !scalars(args) || !Array.isArray(options)) throw fail('"handler" must be {kind, args, options}');
  const calls = options.map((call: unknown) => {
    const { name, args: callArgs } = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !scalars(callArgs)) throw fail('each "handler" option must be {name, args}');
    return { name, args: callArgs };
  });
  return { kind, args, options: calls };
}
