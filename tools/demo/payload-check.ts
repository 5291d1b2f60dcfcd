import type { ExpectedPayload } from './demo-scenario';

export type PayloadVerdict =
  | { readonly kind: 'expected'; readonly alertId: string; readonly level: string; readonly position: number; readonly of: number }
  | { readonly kind: 'unexpected'; readonly reason: string };

/**
 * Compares the payloads the broker receives with the scenario's, per alert id and in order. A
 * payload on the wire is the JSON line and a newline, as Kapacitor's post handler sends it (Go's
 * json.Encoder ends what it writes with "\n"); the check wants exactly that. Only
 * the order within one alert id is promised (the distributed notifier delivers different ids
 * independently), so payloads of two providers may interleave either way.
 */
export class PayloadCheck {
  private readonly remaining = new Map<string, ExpectedPayload[]>();
  private readonly total = new Map<string, number>();

  constructor(expected: readonly ExpectedPayload[]) {
    for (const payload of expected) {
      const list = this.remaining.get(payload.alertId) ?? [];
      list.push(payload);
      this.remaining.set(payload.alertId, list);
      this.total.set(payload.alertId, list.length);
    }
  }

  accept(body: string): PayloadVerdict {
    let alertId: unknown;
    try {
      alertId = (JSON.parse(body) as { id?: unknown }).id;
    } catch {
      return { kind: 'unexpected', reason: 'the body is not JSON' };
    }
    if (typeof alertId !== 'string') return { kind: 'unexpected', reason: 'the payload has no "id"' };
    const list = this.remaining.get(alertId);
    const next = list?.[0];
    if (!list || !next) {
      return { kind: 'unexpected', reason: this.total.has(alertId) ? `one payload more for ${alertId} than expected` : `no payload was expected for ${alertId}` };
    }
    const of = this.total.get(alertId) ?? 0;
    const position = of - list.length + 1;
    if (body !== `${next.body}\n`) {
      return { kind: 'unexpected', reason: `payload ${position} of ${of} for ${alertId} differs from the expected one (JSON and a newline):\n  expected ${JSON.stringify(`${next.body}\n`)}\n  received ${JSON.stringify(body)}` };
    }
    list.shift();
    return { kind: 'expected', alertId, level: next.level, position, of };
  }

  complete(): boolean {
    return this.missing().length === 0;
  }

  /** The expected payloads not received yet, in order per alert id. */
  missing(): ExpectedPayload[] {
    return [...this.remaining.values()].flat();
  }
}
