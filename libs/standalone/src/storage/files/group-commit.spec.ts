import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('flushes items submitted together once, and later ones in the next flush', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>(async (items) => {
      flushes.push([...items]);
      if (flushes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = [commit.submit(1), commit.submit(2)];
    await Promise.resolve();
    await Promise.resolve();
    const later = [commit.submit(3), commit.submit(4)];
    release();
    await Promise.all([...first, ...later]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects every item of a failed flush and keeps going', async () => {
    let fail = true;
    const commit = new GroupCommit<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(commit.submit(1)).rejects.toThrow('disk full');
    fail = false;
    await expect(commit.submit(2)).resolves.toBeUndefined();
  });
});
