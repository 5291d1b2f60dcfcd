import { describeRebuild, rebuildStartOf, stateLossOf, stateRebuildOf } from './state-loss';

const partition = { topic: 'points', partition: 3 };

describe('stateLossOf', () => {
  it.each([
    { stored: undefined, held: undefined, loss: undefined, why: 'a partition never saved' },
    { stored: 40n, held: undefined, loss: undefined, why: 'nothing known held: whatever is stored is the truth' },
    { stored: 40n, held: 40n, loss: undefined, why: 'the store holds what it held' },
    { stored: 55n, held: 40n, loss: undefined, why: 'a later owner (or the last one, before committing) saved ahead' },
    { stored: undefined, held: 40n, loss: 'missing', why: 'a Redis restarted without persistence, a flush' },
    { stored: 0n, held: 40n, loss: 'behind', why: 'a replica that missed writes, an old dump' },
    { stored: 39n, held: 40n, loss: 'behind', why: 'one batch behind is a loss too' },
  ])('$why: stored $stored, held $held -> $loss', ({ stored, held, loss }) => {
    expect(stateLossOf(stored, held)).toBe(loss);
  });
});

describe('rebuildStartOf', () => {
  it('starts at the log start, or no more than the bound before the lost position', () => {
    expect(rebuildStartOf(0n, 1_000n)).toBe(0n);
    expect(rebuildStartOf(200n, 1_000n)).toBe(200n);
    expect(rebuildStartOf(0n, 1_000n, 300n)).toBe(700n);
    expect(rebuildStartOf(800n, 1_000n, 300n)).toBe(800n);
    expect(rebuildStartOf(0n, undefined, 300n)).toBe(0n);
  });
});

describe('stateRebuildOf', () => {
  it('rebuilds a missing checkpoint from the first record ever: complete', () => {
    expect(stateRebuildOf(partition, 'missing', { held: 120n, found: undefined, quietUntil: 120n, logStart: 0n })).toEqual({
      partition,
      reason: 'missing',
      held: 120n,
      found: undefined,
      from: 0n,
      quietUntil: 120n,
      logStart: 0n,
      coverage: 'complete',
    });
  });

  it('is partial when retention deleted the first records or the bound leaves them out', () => {
    expect(stateRebuildOf(partition, 'missing', { held: 120n, found: undefined, quietUntil: 120n, logStart: 30n })).toMatchObject({ from: 30n, coverage: 'partial' });
    expect(stateRebuildOf(partition, 'missing', { held: 120n, found: undefined, quietUntil: 120n, logStart: 0n, maxRecords: 100n })).toMatchObject({ from: 20n, coverage: 'partial' });
    expect(stateRebuildOf(partition, 'missing', { held: 120n, found: undefined, quietUntil: 120n, logStart: 0n, maxRecords: 500n })).toMatchObject({ from: 0n, coverage: 'complete' });
  });

  it('continues an older checkpoint from its offset, complete while the log still holds what follows it', () => {
    expect(stateRebuildOf(partition, 'behind', { held: 120n, found: 70n, quietUntil: 150n, logStart: 10n, maxRecords: 5n })).toMatchObject({ from: 70n, coverage: 'complete' });
    expect(stateRebuildOf(partition, 'behind', { held: 120n, found: 70n, quietUntil: 150n, logStart: 90n })).toMatchObject({ from: 90n, coverage: 'partial' });
  });

  it('says in one sentence what was lost, what the rebuild covers and what it cannot', () => {
    expect(describeRebuild(stateRebuildOf(partition, 'missing', { held: 120n, found: undefined, quietUntil: 120n, logStart: 0n }))).toBe(
      'the checkpoint store lost the state of points:3 (it held a checkpoint at offset 120 and now holds none): rebuilding it from offset 0; records 0 to 119 are applied again without writing their events, which were written before',
    );
    expect(describeRebuild(stateRebuildOf(partition, 'behind', { held: 120n, found: 70n, quietUntil: 120n, logStart: 90n }))).toBe(
      'the checkpoint store lost the newest state of points:3 (it held a checkpoint at offset 120 and now holds one at 70): rebuilding it from offset 90; records 90 to 119 are applied again without writing their events, which were written before; records below 90 are no longer read (deleted by retention or beyond the rebuild bound), so the rebuilt state lacks them and alerts after offset 120 may differ from an uninterrupted run',
    );
  });
});
