import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import type { BrokerDelivery } from './test-broker';

/** An event to produce, and where it stands in its alert id's sequence. */
export interface NumberedEvent {
  readonly event: AlertEvent;
  readonly eventId: string;
}

/**
 * `count` events over `alertIds` alert ids, round robin, each naming `handlers`. The message
 * carries the event's position within its alert id (`alert-7 #3`), so a receiver can check the
 * order per alert id; levels alternate as an alert's would.
 */
export function numberedEvents(options: { count: number; alertIds: number; handlers: readonly HandlerInstruction[]; runId: string }): NumberedEvent[] {
  const events: NumberedEvent[] = [];
  const next = new Map<string, number>();
  const start = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < options.count; i++) {
    const id = `alert-${i % options.alertIds}`;
    const n = next.get(id) ?? 0;
    next.set(id, n + 1);
    const critical = n % 2 === 0;
    events.push({
      eventId: `${options.runId}-${i}`,
      event: {
        id,
        message: `${id} #${n}`,
        details: '',
        time: start + BigInt(i) * 1_000_000n,
        duration: 0n,
        level: critical ? 'CRITICAL' : 'OK',
        previousLevel: critical ? 'OK' : 'CRITICAL',
        recoverable: true,
        series: [],
        task: 'outage_test',
        node: 'alert2',
        topic: '',
        category: '',
        handlers: options.handlers,
      },
    });
  }
  return events;
}

/** The messages a broker received, grouped by alert id in the order received. */
export function messagesByAlertId(deliveries: readonly BrokerDelivery[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const delivery of deliveries) {
    const parsed = JSON.parse(delivery.body) as { id: string; message: string };
    const list = byId.get(parsed.id);
    if (list) list.push(parsed.message);
    else byId.set(parsed.id, [parsed.message]);
  }
  return byId;
}

/** What every receiver must hold: each alert id's messages once, in production order. */
export function expectedByAlertId(events: readonly NumberedEvent[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const { event } of events) {
    const list = byId.get(event.id);
    if (list) list.push(event.message);
    else byId.set(event.id, [event.message]);
  }
  return byId;
}
