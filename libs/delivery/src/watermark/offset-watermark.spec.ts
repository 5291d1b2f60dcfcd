import { OffsetWatermark } from './offset-watermark';

describe('OffsetWatermark', () => {
  it('has nothing to commit before any offset is tracked', () => {
    const watermark = new OffsetWatermark();
    expect(watermark.committable()).toBeUndefined();
    expect(watermark.pending()).toBe(0);
  });

  it('commits up to the lowest unsettled offset', () => {
    const watermark = new OffsetWatermark();
    for (const offset of [10n, 11n, 12n]) watermark.track(offset);
    expect(watermark.committable()).toBe(10n);
    watermark.settle(10n);
    expect(watermark.committable()).toBe(11n);
    expect(watermark.pending()).toBe(2);
  });

  it('holds the position while an earlier offset is unsettled, however many later ones settle', () => {
    const watermark = new OffsetWatermark();
    for (const offset of [5n, 6n, 9n, 12n]) watermark.track(offset);
    watermark.settle(12n);
    watermark.settle(6n);
    expect(watermark.committable()).toBe(5n);
    watermark.settle(5n);
    expect(watermark.committable()).toBe(9n);
    watermark.settle(9n);
    expect(watermark.committable()).toBe(13n);
    expect(watermark.pending()).toBe(0);
  });

  it('moves past gaps in the offsets (compacted or transactional topics)', () => {
    const watermark = new OffsetWatermark();
    watermark.track(3n);
    watermark.track(40n);
    watermark.settle(3n);
    expect(watermark.committable()).toBe(40n);
    watermark.track(41n);
    watermark.settle(41n);
    watermark.settle(40n);
    expect(watermark.committable()).toBe(42n);
  });

  it('keeps working after everything settled and new offsets arrive', () => {
    const watermark = new OffsetWatermark();
    watermark.track(1n);
    watermark.settle(1n);
    expect(watermark.committable()).toBe(2n);
    watermark.track(2n);
    expect(watermark.committable()).toBe(2n);
    watermark.settle(2n);
    expect(watermark.committable()).toBe(3n);
  });

  it('refuses offsets that do not increase and settles of offsets that are not pending', () => {
    const watermark = new OffsetWatermark();
    watermark.track(7n);
    expect(() => watermark.track(7n)).toThrow(RangeError);
    expect(() => watermark.track(6n)).toThrow(/must increase/);
    expect(() => watermark.settle(8n)).toThrow(/not pending/);
    watermark.settle(7n);
    expect(() => watermark.settle(7n)).toThrow(/not pending/);
  });
});

describe('OffsetWatermark under steady traffic', () => {
  it('drops the settled prefix while later offsets stay unsettled, and still commits the lowest unsettled one', () => {
    const watermark = new OffsetWatermark();
    // A window of 100 records in hand at all times: each new record is tracked as the oldest
    // settles, so the watermark is never empty (the old code only shrank when it was).
    const window = 100n;
    for (let offset = 0n; offset < window; offset++) watermark.track(offset);
    let peak = 0;
    for (let offset = window; offset < 200_000n; offset++) {
      watermark.track(offset);
      watermark.settle(offset - window);
      peak = Math.max(peak, watermark.retained());
      if (offset % 997n === 0n) expect(watermark.committable()).toBe(offset - window + 1n);
    }
    expect(watermark.pending()).toBe(Number(window));
    expect(peak).toBeLessThan(2_500);
    expect(watermark.committable()).toBe(200_000n - window);
  });

  it('keeps the position on a stuck offset while later ones settle, and jumps past them once it settles', () => {
    const watermark = new OffsetWatermark();
    watermark.track(0n);
    for (let offset = 1n; offset <= 50_000n; offset++) {
      watermark.track(offset);
      watermark.settle(offset);
    }
    expect(watermark.committable()).toBe(0n);
    watermark.settle(0n);
    expect(watermark.committable()).toBe(50_001n);
    expect(watermark.retained()).toBe(0);
  });
});
