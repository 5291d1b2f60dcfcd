import type { DeliveryLedger } from '@vigil/delivery';

/** A ledger under test that no other test of the run writes to. */
export interface DeliveryLedgerUnderTest {
  readonly ledger: DeliveryLedger;
  /**
   * Opens the same store again (the first ledger closed, as across a restart); absent for a
   * ledger that lives as long as its process.
   */
  readonly reopen?: () => Promise<DeliveryLedger>;
}

/**
 * The contract of `DeliveryLedger` (`@vigil/delivery`), run by every implementation (Redis, file,
 * memory): one settlement per (event id, handler key) pair; a delivery is a fact that overwrites
 * a dead mark and that a dead mark never overwrites; clearing only forgets a dead pair; marks
 * issued at once all land; a durable ledger still knows them after a reopen.
 */
export function deliveryLedgerConformance(name: string, open: () => Promise<DeliveryLedgerUnderTest>): void {
  describe(`${name} (DeliveryLedger conformance)`, () => {
    it('knows nothing of a pair never settled', async () => {
      const { ledger } = await open();
      expect(await ledger.settlement('e-none', '0:post')).toBeUndefined();
    });

    it('keeps each (event, handler) pair apart, whatever characters the ids hold', async () => {
      const { ledger } = await open();
      await ledger.markDelivered('e1', '0:post');
      await ledger.markDead('e1', '1:slack');
      await ledger.markDead('e:2 x', 'topic:cpu/h1');
      expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
      expect(await ledger.settlement('e1', '1:slack')).toBe('dead');
      expect(await ledger.settlement('e:2 x', 'topic:cpu/h1')).toBe('dead');
      expect(await ledger.settlement('e1', '1:post')).toBeUndefined();
      expect(await ledger.settlement('e2', '0:post')).toBeUndefined();
      expect(await ledger.settlement('e:2', 'x:topic:cpu/h1')).toBeUndefined();
    });

    it('never lets a dead mark overwrite a delivered one', async () => {
      const { ledger } = await open();
      await ledger.markDelivered('e1', '0:post');
      await ledger.markDead('e1', '0:post');
      expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    });

    it('lets a delivery overwrite a dead mark', async () => {
      const { ledger } = await open();
      await ledger.markDead('e1', '0:post');
      expect(await ledger.settlement('e1', '0:post')).toBe('dead');
      await ledger.markDelivered('e1', '0:post');
      expect(await ledger.settlement('e1', '0:post')).toBe('delivered');
    });

    it('clears a dead pair, which can then die again, but never a delivered one; clearing an unsettled pair is a no-op', async () => {
      const { ledger } = await open();
      await ledger.markDead('e1', '0:post');
      await ledger.clearDead('e1', '0:post');
      expect(await ledger.settlement('e1', '0:post')).toBeUndefined();
      await ledger.markDead('e1', '0:post');
      expect(await ledger.settlement('e1', '0:post')).toBe('dead');
      await ledger.markDelivered('e1', '1:post');
      await ledger.clearDead('e1', '1:post');
      expect(await ledger.settlement('e1', '1:post')).toBe('delivered');
      await ledger.clearDead('e1', '9:post');
      expect(await ledger.settlement('e1', '9:post')).toBeUndefined();
    });

    it('settles every pair of many marks and checks issued at once', async () => {
      const { ledger } = await open();
      const events = Array.from({ length: 500 }, (_, i) => `burst-${i}`);
      await Promise.all(events.map((eventId, i) => (i % 5 === 0 ? ledger.markDead(eventId, '0:post') : ledger.markDelivered(eventId, '0:post'))));
      const settlements = await Promise.all(events.map((eventId) => ledger.settlement(eventId, '0:post')));
      expect(settlements.filter((settlement) => settlement === 'delivered')).toHaveLength(400);
      expect(settlements.filter((settlement) => settlement === 'dead')).toHaveLength(100);
      expect(settlements.filter((settlement) => settlement === undefined)).toHaveLength(0);
    });

    it('still knows every settlement after a reopen, when it is durable', async (context) => {
      const { ledger, reopen } = await open();
      if (!reopen) return context.skip();
      await ledger.markDelivered('e1', '0:post');
      await ledger.markDead('e1', '1:slack');
      await ledger.markDead('e2', '0:post');
      await ledger.clearDead('e2', '0:post');
      await ledger.markDead('e3', '0:post');
      await ledger.markDelivered('e3', '0:post');
      const reopened = await reopen();
      expect(await reopened.settlement('e1', '0:post')).toBe('delivered');
      expect(await reopened.settlement('e1', '1:slack')).toBe('dead');
      expect(await reopened.settlement('e2', '0:post')).toBeUndefined();
      expect(await reopened.settlement('e3', '0:post')).toBe('delivered');
    });
  });
}
