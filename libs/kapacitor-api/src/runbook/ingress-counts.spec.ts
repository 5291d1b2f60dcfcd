import { describe, expect, it } from 'vitest';
import type { Point } from '@vigil/core';
import { IngressCounts } from './ingress-counts';

function point(database: string, retentionPolicy: string, name: string): Point {
  return { database, retentionPolicy, name, tags: {}, fields: { value: 1 }, time: 1n };
}

describe('IngressCounts', () => {
  it('counts every durable point by database, retention policy and measurement, runs and mixed requests alike', async () => {
    const counts = new IngressCounts();
    const written: number[] = [];
    const sink = counts.counting({ write: async (points: readonly Point[]) => void written.push(points.length) });
    await sink.write([point('db', 'rp', 'cpu'), point('db', 'rp', 'cpu'), point('db', 'rp', 'mem'), point('db', 'rp', 'cpu'), point('db', 'other', 'cpu'), point('db2', 'rp', 'cpu')]);
    await sink.write([point('db', 'rp', 'cpu')]);
    await sink.write([]);
    expect(written).toEqual([6, 1, 0]);
    const listed = [...counts.list()].sort((a, b) => `${a.database}/${a.retentionPolicy}/${a.measurement}`.localeCompare(`${b.database}/${b.retentionPolicy}/${b.measurement}`));
    expect(listed).toEqual([
      { database: 'db', retentionPolicy: 'other', measurement: 'cpu', pointsReceived: 1 },
      { database: 'db', retentionPolicy: 'rp', measurement: 'cpu', pointsReceived: 4 },
      { database: 'db', retentionPolicy: 'rp', measurement: 'mem', pointsReceived: 1 },
      { database: 'db2', retentionPolicy: 'rp', measurement: 'cpu', pointsReceived: 1 },
    ]);
  });

  it('counts nothing of a write the sink refused', async () => {
    const counts = new IngressCounts();
    const sink = counts.counting({ write: async () => Promise.reject(new Error('disk full')) });
    await expect(sink.write([point('db', 'rp', 'cpu')])).rejects.toThrow('disk full');
    expect(counts.list()).toEqual([]);
  });
});
