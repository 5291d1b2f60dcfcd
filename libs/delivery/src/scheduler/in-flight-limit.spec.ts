import { DeliveryStoppedError } from './delivery-stopped-error';
import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('grants slots up to the limit, then in request order as they are released', async () => {
    const limit = new InFlightLimit(1);
    const order: string[] = [];
    await limit.acquire(new AbortController().signal);
    const second = limit.acquire(new AbortController().signal).then(() => order.push('second'));
    const third = limit.acquire(new AbortController().signal).then(() => order.push('third'));
    limit.release();
    await second;
    expect(order).toEqual(['second']);
    limit.release();
    await third;
    expect(order).toEqual(['second', 'third']);
    expect(limit.inFlight()).toBe(1);
    limit.release();
    expect(limit.inFlight()).toBe(0);
  });

  it('passes over a waiter whose signal aborted', async () => {
    const limit = new InFlightLimit(1);
    await limit.acquire(new AbortController().signal);
    const controller = new AbortController();
    const gaveUp = limit.acquire(controller.signal);
    const next = limit.acquire(new AbortController().signal);
    controller.abort();
    await expect(gaveUp).rejects.toBeInstanceOf(DeliveryStoppedError);
    limit.release();
    await next;
    expect(limit.inFlight()).toBe(1);
    limit.release();
    expect(limit.inFlight()).toBe(0);
  });
});
