import { createRequire } from 'node:module';

/** The parts of kafkajs' per-connection RequestQueue (src/network/requestQueue) this file touches. */
export interface KafkaRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
}

export interface KafkaRequestQueueClass {
  new (options: Record<string, unknown>): KafkaRequestQueue;
  prototype: KafkaRequestQueue;
}

const load = createRequire(__filename);
let fixed = false;

/** kafkajs' RequestQueue class, from its sources (2.2.4, its last release, is not changing). */
export function kafkaRequestQueueClass(): KafkaRequestQueueClass {
  return load('kafkajs/src/network/requestQueue/index.js') as KafkaRequestQueueClass;
}

/**
 * kafkajs 2.2.4 re-arms its check of waiting requests after every answer from a broker, even when
 * no request waits and no throttle is on: the delay is then `-1 - Date.now()`, which Node clamps
 * to 1 ms (with a TimeoutNegativeWarning since Node 24), and the check re-arms itself, so each
 * broker connection woke its process every millisecond for nothing (kafkajs issues 1704 and
 * 1751). A request that cannot go out at once is put in the queue and arms the check itself, and
 * every answer checks the queue, so the check is only needed while requests wait or a throttle
 * holds them; otherwise it is not armed. Applied once per process, before the first client.
 */
export function fixIdleRequestQueueTimer(): void {
  if (fixed) return;
  fixed = true;
  const RequestQueue = kafkaRequestQueueClass();
  const schedule = RequestQueue.prototype.scheduleCheckPendingRequests;
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleWhenNeeded(this: KafkaRequestQueue): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
}
