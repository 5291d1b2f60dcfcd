import type { DeliveryResult, Handler } from '@vigil/alert-handlers';
import type { AlertEvent } from '@vigil/core';
import { type OutageLog, OutageWatch } from './outage-watch';

/** A handler whose attempts settle when the test says, in any order. */
class ManualHandler implements Handler {
  readonly kind = 'post';
  readonly pending: ((result: DeliveryResult) => void)[] = [];

  send(): Promise<DeliveryResult> {
    return new Promise((resolve) => this.pending.push(resolve));
  }
}

const event = {} as AlertEvent;
const down: DeliveryResult = { status: 'failed', retryable: true, reason: 'post URL unreachable: ECONNRESET' };
const ok: DeliveryResult = { status: 'delivered' };

describe('OutageWatch', () => {
  let lines: string[];
  let handler: ManualHandler;
  let watch: OutageWatch;
  const log: OutageLog = {
    outageStarted: (_kind, _target, reason) => lines.push(`failing: ${reason}`),
    outageEnded: (_kind, _target, failed) => lines.push(`back after ${failed}`),
  };

  beforeEach(() => {
    lines = [];
    handler = new ManualHandler();
    watch = new OutageWatch(handler, 'broker', log);
  });

  const attempt = (): Promise<DeliveryResult> => watch.send(event, { attempt: 1 });

  it('logs one line when the target starts failing and one when a later attempt delivers', async () => {
    const first = [attempt(), attempt()];
    handler.pending[0]?.(down);
    handler.pending[1]?.(down);
    await Promise.all(first);
    const retry = attempt();
    handler.pending[2]?.(ok);
    await retry;
    expect(lines).toEqual(['failing: post URL unreachable: ECONNRESET', 'back after 2']);
  });

  it('does not end an outage with an attempt sent before it began that settles after a failure', async () => {
    const inFlight = [attempt(), attempt(), attempt()];
    handler.pending[0]?.(down);
    await inFlight[0];
    handler.pending[1]?.(ok);
    await inFlight[1];
    handler.pending[2]?.(down);
    await inFlight[2];
    const retry = attempt();
    handler.pending[3]?.(ok);
    await retry;
    expect(lines).toEqual(['failing: post URL unreachable: ECONNRESET', 'back after 2']);
  });

  it("passes the wrapped handler's origin on, so the per-origin send limit sees through the watch", () => {
    const inner: Handler = { kind: 'post', send: () => Promise.resolve(ok), targetOrigin: () => 'http://broker:8080' };
    expect(new OutageWatch(inner, 't', log).targetOrigin(event)).toBe('http://broker:8080');
    expect(new OutageWatch(handler, 't', log).targetOrigin(event)).toBeUndefined();
  });
});
