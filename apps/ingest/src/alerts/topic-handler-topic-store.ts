import { checkSpec, compileHandlerMatch, instructionOf, TopicHandlerError, type TopicHandlerRegistry, type TopicHandlerSpec } from '@vigil/kapacitor-api';
import type { HandlerGuard } from '@vigil/evaluation';
import type { Logger } from '@vigil/observability';
import { decodeTopicHandlerRecord, encodeTopicHandlerRecord, topicHandlerKeyOf, type TopicHandlerRecord } from '@vigil/topic-contract';
import { ChangeQueue, KeyedRecords, type ControlRecord } from '../control-plane/keyed-records';
import type { TaskRecordWrite } from '../tasks/topic-task-store';

/** A defined topic handler: the spec the API answers, and its record. */
interface DefinedHandler {
  readonly spec: TopicHandlerSpec;
  readonly record: TopicHandlerRecord;
}

/**
 * The distributed mode's topic handlers (Kapacitor's `define-topic-handler`): the topic-handlers
 * topic (compacted, key = `<topic>/<id>`, one partition) as ingest reads it. A definition is
 * checked as vigil serve checks it (id, topic and kind as Kapacitor's `HandlerSpec.Validate`;
 * kind and options mapped to vigil's handler call) and written with that call, which every
 * notifier follows and delivers the topic's events through. A `match` is compiled here only to
 * refuse one that cannot compile, as Kapacitor does at definition; the record keeps its text and
 * each notifier compiles it again to pick the events. A handler the allowlist of ingest's
 * HANDLERS_CONFIG_FILE refuses (`guard`) is refused here, as vigil serve refuses it; the notifier
 * checks again, and dead-letters the events of a handler its own allow-lists refuse.
 */
export class TopicHandlerTopicStore implements TopicHandlerRegistry {
  private readonly handlers: KeyedRecords<DefinedHandler>;
  private readonly queue = new ChangeQueue();

  constructor(
    private readonly write: TaskRecordWrite,
    logger: Logger,
    private readonly guard: HandlerGuard = () => undefined,
  ) {
    this.handlers = new KeyedRecords('topic handler', definedHandlerOf, logger);
  }

  apply(records: readonly ControlRecord[]): void {
    this.handlers.apply(records);
  }

  /** Every handler's record, in key order (a backup). */
  records(): TopicHandlerRecord[] {
    return this.handlers.list().map((handler) => handler.record);
  }

  /** The topics that have handlers, which exist before their first event. */
  topics(): string[] {
    return [...new Set(this.handlers.list().map((handler) => handler.spec.topic))];
  }

  /** The handlers of a topic, in id order (`<topic>/` keys sort by id). */
  of(topic: string): readonly DefinedHandler[] {
    return this.handlers.list().filter((handler) => handler.spec.topic === topic);
  }

  get(topic: string, id: string): DefinedHandler | undefined {
    return this.handlers.get(topicHandlerKeyOf(topic, id));
  }

  create(spec: TopicHandlerSpec): Promise<DefinedHandler> {
    return this.serialized(async () => {
      const record = recordOf(spec, this.guard);
      if (this.get(spec.topic, spec.id)) throw new TopicHandlerError(`cannot register handler, handler with ID ${JSON.stringify(spec.id)} already exists`);
      return this.put(record);
    });
  }

  /** Replaces `old` with `spec`; the id may change, the topic may not (Kapacitor's `UpdateHandlerSpec`). */
  replace(old: TopicHandlerSpec, spec: TopicHandlerSpec): Promise<DefinedHandler> {
    return this.serialized(async () => {
      if (spec.topic !== old.topic) throw new TopicHandlerError('cannot change topic in update');
      const record = recordOf(spec, this.guard);
      if (spec.id !== old.id && this.get(spec.topic, spec.id)) throw new TopicHandlerError(`cannot register handler, handler with ID ${JSON.stringify(spec.id)} already exists`);
      const defined = await this.put(record);
      if (spec.id !== old.id) await this.drop(topicHandlerKeyOf(old.topic, old.id));
      return defined;
    });
  }

  async delete(topic: string, id: string): Promise<void> {
    await this.serialized(async () => {
      if (this.get(topic, id)) await this.drop(topicHandlerKeyOf(topic, id));
    });
  }

  private async put(record: TopicHandlerRecord): Promise<DefinedHandler> {
    const key = topicHandlerKeyOf(record.topic, record.id);
    const value = encodeTopicHandlerRecord(record);
    this.apply([{ key, value: Buffer.from(value), offset: await this.write(key, value) }]);
    return this.handlers.get(key) as DefinedHandler;
  }

  private async drop(key: string): Promise<void> {
    this.apply([{ key, value: null, offset: await this.write(key, null) }]);
  }

  private serialized<T>(change: () => Promise<T>): Promise<T> {
    return this.queue.run(change);
  }
}

function definedHandlerOf(key: string, value: Buffer): DefinedHandler {
  const record = decodeTopicHandlerRecord(key, value);
  const { topic, id, kind, options, match } = record;
  return { spec: { topic, id, kind, options, match }, record };
}

/** The record of a checked spec: the vigil handler call its kind and options make, and its match (compiled to check it). */
function recordOf(spec: TopicHandlerSpec, guard: HandlerGuard): TopicHandlerRecord {
  checkSpec(spec);
  const handler = instructionOf(spec.kind, spec.options);
  try {
    guard(handler);
  } catch (error) {
    throw new TopicHandlerError(error instanceof Error ? error.message : String(error));
  }
  compileHandlerMatch(spec.match);
  return { ...spec, handler };
}
