import { InMemoryDeliveryLedger } from './in-memory-ledger';

// The ledger's rules are in @vigil/testing's deliveryLedgerConformance (libs/testing/src/delivery-ledger.suite.spec.ts).
describe('InMemoryDeliveryLedger', () => {
  it('remembers each (event, handler) pair separately', async () => {
    const ledger = new InMemoryDeliveryLedger();
    await ledger.markDelivered('e1', '0:post');
    await ledger.markDead('e1', '1:slack');
    expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    expect(await ledger.settlement('e1', '1:slack')).toBe('dead');
    expect(await ledger.settlement('e2', '0:post')).toBeUndefined();
    expect(ledger.size()).toBe(2);
  });
});
