import type { ReceivedRequest } from './recording-receiver';

/** One scenario's comparison of what the receiver got with what `vigil replay` says. */
export interface DeliveryFigures {
  /** Events of the oracle (every alert id's list, summed). */
  readonly expected: number;
  /** Deliveries: requests the receiver answered with 2xx. */
  readonly received: number;
  /** Oracle events never delivered. */
  readonly missing: number;
  /** Deliveries of an event after its first. */
  readonly duplicated: number;
  /** Of those, the ones carrying the Idempotency-Key of the event's first delivery: a receiver can drop them. */
  readonly keyedDuplicates: number;
  /** Of those, the ones a receiver cannot tell from a new notification. */
  readonly unkeyedDuplicates: number;
  /** Deliveries whose body is no event of the oracle for that alert id (each counted once per delivery). */
  readonly wrong: number;
  /** Events whose first delivery came after the first delivery of a later event of the same alert id. */
  readonly outOfOrder: number;
  /** The longest time between two consecutive deliveries, in milliseconds (printed, never asserted). */
  readonly longestGapMs: number;
}

/**
 * Compares deliveries with the oracle per alert id. An event is its Kapacitor JSON body (the post
 * handler sends it with the newline Go's encoder writes, which is dropped here); within one alert
 * id every event has its own time, so the body names the event. Order is judged on first
 * deliveries only, so a repeat never counts as out of order.
 */
export function deliveryFigures(oracle: ReadonlyMap<string, readonly string[]>, deliveries: readonly ReceivedRequest[]): DeliveryFigures {
  const positions = new Map<string, Map<string, number>>();
  let expected = 0;
  for (const [id, bodies] of oracle) {
    positions.set(id, new Map(bodies.map((body, index) => [body, index])));
    expected += bodies.length;
  }
  const firstKey = new Map<string, string>();
  const latestPosition = new Map<string, number>();
  let duplicated = 0;
  let keyedDuplicates = 0;
  let wrong = 0;
  let outOfOrder = 0;
  for (const delivery of deliveries) {
    const body = delivery.body.replace(/\n$/, '');
    const id = alertIdOf(body);
    const position = id === undefined ? undefined : positions.get(id)?.get(body);
    if (id === undefined || position === undefined) {
      wrong += 1;
      continue;
    }
    const event = `${id}\u0000${position}`;
    const first = firstKey.get(event);
    if (first !== undefined) {
      duplicated += 1;
      if (first !== '' && first === delivery.idempotencyKey) keyedDuplicates += 1;
      continue;
    }
    firstKey.set(event, delivery.idempotencyKey);
    if (position < (latestPosition.get(id) ?? -1)) outOfOrder += 1;
    else latestPosition.set(id, position);
  }
  return {
    expected,
    received: deliveries.length,
    missing: expected - firstKey.size,
    duplicated,
    keyedDuplicates,
    unkeyedDuplicates: duplicated - keyedDuplicates,
    wrong,
    outOfOrder,
    longestGapMs: longestGap(deliveries.map((delivery) => delivery.atMs)),
  };
}

function alertIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

function longestGap(times: readonly number[]): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return longest;
}
