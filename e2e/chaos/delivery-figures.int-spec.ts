import { deliveryFigures } from './support/delivery-figures';
import type { ReceivedRequest } from './support/recording-receiver';

/**
 * How the chaos suite counts (a pure function; it sits in the int project only because e2e/ is
 * not part of the unit project). One alert id with three events in the oracle.
 */
describe('deliveryFigures', () => {
  const event = (n: number) => JSON.stringify({ id: 'a', message: `a #${n}`, time: n });
  const oracle = new Map([
    ['a', [event(0), event(1), event(2)]],
    ['b', [JSON.stringify({ id: 'b', time: 0 })]],
  ]);
  let arrival = 0;
  const delivery = (body: string, idempotencyKey: string, atMs: number): ReceivedRequest => ({ arrival: arrival++, atMs, path: '/alerts', body: `${body}\n`, idempotencyKey, status: 200 });

  it('counts nothing wrong when every event arrives once in order', () => {
    const deliveries = [delivery(event(0), 'k0', 0), delivery(JSON.stringify({ id: 'b', time: 0 }), 'kb', 5), delivery(event(1), 'k1', 10), delivery(event(2), 'k2', 40)];
    expect(deliveryFigures(oracle, deliveries)).toEqual({ expected: 4, received: 4, missing: 0, duplicated: 0, keyedDuplicates: 0, unkeyedDuplicates: 0, wrong: 0, outOfOrder: 0, longestGapMs: 30 });
  });

  it('tells keyed from unkeyed repeats, and counts missing, wrong and out-of-order events', () => {
    const deliveries = [
      delivery(event(1), 'k1', 0),
      delivery(event(1), 'k1', 1),
      delivery(event(1), 'other', 2),
      delivery(event(0), 'k0', 3),
      delivery(JSON.stringify({ id: 'a', message: 'a #9', time: 9 }), 'k9', 4),
      delivery('not json', '', 5),
    ];
    expect(deliveryFigures(oracle, deliveries)).toEqual({ expected: 4, received: 6, missing: 2, duplicated: 2, keyedDuplicates: 1, unkeyedDuplicates: 1, wrong: 2, outOfOrder: 1, longestGapMs: 1 });
  });

  it('takes a repeat without a key as unkeyed even when the first had none either', () => {
    const figures = deliveryFigures(oracle, [delivery(event(0), '', 0), delivery(event(0), '', 1)]);
    expect([figures.duplicated, figures.keyedDuplicates, figures.unkeyedDuplicates]).toEqual([1, 0, 1]);
  });
});
