import { run } from '../../testing/script-harness.test';

describe('shift node', () => {
  it('moves point times forwards or backwards', () => {
    expect(run(`stream|from()|shift(5s)|httpOut('out')`, `m v=1 10`).outPoints()[0]?.time).toBe(15_000_000_000n);
    expect(run(`stream|from()|shift(-5s)|httpOut('out')`, `m v=1 10`).outPoints()[0]?.time).toBe(5_000_000_000n);
  });

  it('moves a batch time and its points', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s).align()|shift(1m)|httpOut('out')`, `m v=1 1\nm v=1 12`);
    const [batch] = recorder.out();
    expect(batch?.kind === 'batch' && [batch.tmax, batch.points[0]?.time]).toEqual([70_000_000_000n, 61_000_000_000n]);
  });
});
