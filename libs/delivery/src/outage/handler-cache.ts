import { createHash } from 'node:crypto';
import type { Handler } from '@vigil/alert-handlers';
import type { HandlerInstruction } from '@vigil/core';
import type { HandlerFactory } from '../delivery-ports';
import { OutageWatch, type OutageLog } from './outage-watch';

/**
 * The scheduler's HandlerFactory: one handler per distinct instruction (keyed by its JSON), so
 * parsed templates and connection pools are built once and shared by every event of an alert
 * node. Each handler is wrapped in an OutageWatch that logs when its target starts and stops
 * failing. A build error (HandlerOptionError) is not cached: it is cheap to repeat and the
 * scheduler dead-letters the event at once.
 */
export class HandlerCache {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly build: HandlerFactory,
    private readonly log: OutageLog,
  ) {}

  readonly factory: HandlerFactory = (instruction) => this.handlerFor(instruction);

  size(): number {
    return this.handlers.size;
  }

  private handlerFor(instruction: HandlerInstruction): Handler {
    const key = JSON.stringify(instruction);
    let handler = this.handlers.get(key);
    if (handler === undefined) {
      handler = new OutageWatch(this.build(instruction), targetIdOf(key), this.log);
      this.handlers.set(key, handler);
    }
    return handler;
  }
}

/**
 * A short stable name for a target in logs. The instruction itself may carry secrets (a Slack
 * webhook URL, a routing key), so logs name it by a hash instead.
 */
export function targetIdOf(instructionJson: string): string {
  return createHash('sha256').update(instructionJson).digest('hex').slice(0, 12);
}
