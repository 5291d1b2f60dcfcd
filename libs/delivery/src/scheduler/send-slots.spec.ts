import { DeliveryStoppedError } from './delivery-stopped-error';
import { SendSlots } from './send-slots';

const tick = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

describe('SendSlots', () => {
  it('bounds sends per origin and over all origins, and forgets an origin nobody uses', async () => {
    const slots = new SendSlots(3, 2);
    const never = new AbortController().signal;
    const a1 = await slots.acquire('http://a', never);
    const a2 = await slots.acquire('http://a', never);
    let a3: (() => void) | undefined;
    void slots.acquire('http://a', never).then((release) => (a3 = release));
    const b1 = await slots.acquire('http://b', never);
    await tick();
    expect([slots.inFlight(), a3]).toEqual([3, undefined]);
    a1();
    await tick();
    expect(a3).toBeDefined();
    for (const release of [a2, a3, b1]) release?.();
    expect([slots.inFlight(), slots.originsInUse()]).toEqual([0, 0]);
  });

  it('holds nothing after an abort, whether it waited for the origin or for a slot over all origins', async () => {
    const slots = new SendSlots(1, 1);
    const never = new AbortController().signal;
    const held = await slots.acquire('http://a', never);
    const forOrigin = new AbortController();
    const waitingForOrigin = slots.acquire('http://a', forOrigin.signal);
    const overAll = new AbortController();
    const waitingOverAll = slots.acquire('http://b', overAll.signal);
    await tick();
    forOrigin.abort();
    overAll.abort();
    await expect(waitingForOrigin).rejects.toBeInstanceOf(DeliveryStoppedError);
    await expect(waitingOverAll).rejects.toBeInstanceOf(DeliveryStoppedError);
    held();
    expect([slots.inFlight(), slots.originsInUse()]).toEqual([0, 0]);
    const again = await slots.acquire('http://b', never);
    again();
  });

  it('takes only the slot over all origins for a handler without an origin', async () => {
    const slots = new SendSlots(1, 1);
    const release = await slots.acquire(undefined, new AbortController().signal);
    expect([slots.inFlight(), slots.originsInUse()]).toEqual([1, 0]);
    release();
  });
});
