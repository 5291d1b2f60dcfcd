import { readFile } from 'node:fs/promises';
import { buildHandler, checkHandlerAllowed, HandlerOptionError, type HandlerConfig } from '@vigil/alert-handlers';
import type { HandlerInstruction } from '@vigil/core';
import { compareGoStrings } from '@vigil/go-format';
import { replaceFile } from '../storage/files/durable-files';
import { checkSpec, compileHandlerMatch, instructionOf, specOf, TopicHandlerError, type TopicHandlerSpec } from '@vigil/kapacitor-api';
import type { TopicMatch } from '@vigil/tick-engine';

export type { TopicHandlerSpec };

/** A defined topic handler, ready to deliver: the spec, vigil's handler call, and its match. */
export interface TopicHandler {
  readonly spec: TopicHandlerSpec;
  readonly instruction: HandlerInstruction;
  readonly match: TopicMatch;
}

/**
 * The topic handlers of a data folder (`topic-handlers.json`, every spec in one file replaced
 * atomically on each change, so a crash leaves the set before or after it). A spec is checked
 * when defined, as Kapacitor's `RegisterHandlerSpec` builds the handler first: its id and topic,
 * its kind and options (mapped to vigil's handler), its match, and the handler configuration's
 * allow-lists (an `exec` of a program outside `exec.allow` is refused here, not dead-lettered).
 * Changes are made one at a time.
 */
export class TopicHandlerStore {
  private handlers = new Map<string, TopicHandler>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly config: HandlerConfig,
  ) {}

  /** Opens the store; a saved spec the configuration no longer allows fails the start, naming it. */
  static async open(path: string, config: HandlerConfig): Promise<TopicHandlerStore> {
    const store = new TopicHandlerStore(path, config);
    for (const spec of await readSpecs(path)) {
      try {
        store.handlers.set(keyOf(spec.topic, spec.id), store.compile(spec));
      } catch (error) {
        if (error instanceof TopicHandlerError) throw new TopicHandlerError(`${path}: topic handler ${spec.topic}/${spec.id}: ${error.message}`);
        throw error;
      }
    }
    return store;
  }

  /** The topics that have handlers. */
  topics(): string[] {
    return [...new Set([...this.handlers.values()].map((handler) => handler.spec.topic))];
  }

  /** The handlers of a topic, in id order. */
  of(topic: string): TopicHandler[] {
    return [...this.handlers.values()].filter((handler) => handler.spec.topic === topic).sort((a, b) => compareGoStrings(a.spec.id, b.spec.id));
  }

  get(topic: string, id: string): TopicHandler | undefined {
    return this.handlers.get(keyOf(topic, id));
  }

  /** Defines a new handler; refuses one whose id the topic already has, as Kapacitor does. */
  create(spec: TopicHandlerSpec): Promise<TopicHandler> {
    return this.change(() => {
      if (this.handlers.has(keyOf(spec.topic, spec.id))) throw new TopicHandlerError(`cannot register handler, handler with ID ${JSON.stringify(spec.id)} already exists`);
      const handler = this.compile(spec);
      return { put: [handler], drop: [] };
    });
  }

  /** Replaces `old` with `spec` (the id may change, the topic may not: `UpdateHandlerSpec`). */
  replace(old: TopicHandlerSpec, spec: TopicHandlerSpec): Promise<TopicHandler> {
    return this.change(() => {
      if (spec.topic !== old.topic) throw new TopicHandlerError('cannot change topic in update');
      if (spec.id !== old.id && this.handlers.has(keyOf(spec.topic, spec.id))) throw new TopicHandlerError(`cannot register handler, handler with ID ${JSON.stringify(spec.id)} already exists`);
      return { put: [this.compile(spec)], drop: spec.id === old.id ? [] : [keyOf(old.topic, old.id)] };
    });
  }

  /** Deletes a handler; deleting one that does not exist is not an error (Kapacitor's DAO). */
  async delete(topic: string, id: string): Promise<void> {
    if (!this.handlers.has(keyOf(topic, id))) return;
    await this.change(() => ({ put: [], drop: [keyOf(topic, id)] }));
  }

  private compile(spec: TopicHandlerSpec): TopicHandler {
    checkSpec(spec);
    const instruction = instructionOf(spec.kind, spec.options);
    try {
      checkHandlerAllowed(instruction, this.config);
      buildHandler(instruction, this.config);
    } catch (error) {
      if (error instanceof HandlerOptionError) throw new TopicHandlerError(error.message);
      throw error;
    }
    return { spec, instruction, match: compileHandlerMatch(spec.match) };
  }

  private change(plan: () => { readonly put: readonly TopicHandler[]; readonly drop: readonly string[] }): Promise<TopicHandler> {
    const run = this.queue.then(async () => {
      const { put, drop } = plan();
      const next = new Map(this.handlers);
      for (const key of drop) next.delete(key);
      for (const handler of put) next.set(keyOf(handler.spec.topic, handler.spec.id), handler);
      await replaceFile(this.path, `${JSON.stringify([...next.values()].map((handler) => handler.spec), null, 2)}\n`);
      this.handlers = next;
      return put[0] as TopicHandler;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const keyOf = (topic: string, id: string): string => `${topic}\u0000${id}`;

async function readSpecs(path: string): Promise<TopicHandlerSpec[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new TopicHandlerError(`${path}: expected a list of topic handlers`);
  return parsed.map((entry) => {
    const topic = (entry as { topic?: unknown }).topic;
    return specOf(typeof topic === 'string' ? topic : '', entry);
  });
}
