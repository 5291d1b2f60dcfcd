import { delivered, type DeliveryResult, type Handler } from '@vigil/alert-handlers';
import type { AlertEvent } from '@vigil/core';
import { SendGate } from './send-gate';

const EVENT = {} as AlertEvent;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A handler whose sends end when the test says so. */
class ControlledHandler implements Handler {
  readonly kind = 'post';
  readonly started: ((result: DeliveryResult) => void)[] = [];
  send(): Promise<DeliveryResult> {
    return new Promise((resolve) => this.started.push(resolve));
  }
}

describe('SendGate', () => {
  it('lets sends in progress finish after closing and holds new ones, unsent, until their abort', async () => {
    const gate = new SendGate();
    const inner = new ControlledHandler();
    const handler = gate.wrap(inner);
    const running = handler.send(EVENT, { attempt: 1, signal: new AbortController().signal });
    expect(gate.sendsInFlight()).toBe(1);

    let closed = false;
    const closing = gate.close(60_000).then(() => (closed = true));
    const abort = new AbortController();
    const held = handler.send(EVENT, { attempt: 1, signal: abort.signal });
    await flush();
    expect(inner.started).toHaveLength(1);
    expect(closed).toBe(false);

    inner.started[0]?.(delivered);
    expect(await running).toEqual(delivered);
    await closing;
    expect(closed).toBe(true);

    abort.abort();
    expect(await held).toEqual({ status: 'failed', retryable: true, reason: 'notifier stopping: not sent' });
    expect(inner.started).toHaveLength(1);
  });

  it('stops waiting for a send that outlasts the timeout', async () => {
    const gate = new SendGate();
    const inner = new ControlledHandler();
    void gate.wrap(inner).send(EVENT, { attempt: 1 });
    await gate.close(10);
    expect(gate.sendsInFlight()).toBe(1);
  });
});
