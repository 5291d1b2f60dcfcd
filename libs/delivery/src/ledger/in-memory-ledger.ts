import type { DeliveryLedger, HandlerKey, Settlement } from '../delivery-ports';

/**
 * A ledger that lives as long as the process: enough for tests and for a notifier that accepts
 * resending events after a restart. Nothing expires, so it is not meant for unbounded streams.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
  private readonly settlements = new Map<string, Settlement>();

  async settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined> {
    return this.settlements.get(pairId(eventId, key));
  }

  async markDelivered(eventId: string, key: HandlerKey): Promise<void> {
    this.settlements.set(pairId(eventId, key), 'delivered');
  }

  /** A pair already settled keeps its settlement: a dead mark never overwrites a delivery. */
  async markDead(eventId: string, key: HandlerKey): Promise<void> {
    const id = pairId(eventId, key);
    if (!this.settlements.has(id)) this.settlements.set(id, 'dead');
  }

  async clearDead(eventId: string, key: HandlerKey): Promise<void> {
    const id = pairId(eventId, key);
    if (this.settlements.get(id) === 'dead') this.settlements.delete(id);
  }

  /** Settled pairs held, for tests and diagnostics. */
  size(): number {
    return this.settlements.size;
  }
}

/** A newline cannot occur in a handler key (`<index>:<kind>`), so the joined id is unambiguous. */
function pairId(eventId: string, key: HandlerKey): string {
  return `${key}\n${eventId}`;
}
