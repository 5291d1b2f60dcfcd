import fc from 'fast-check';
import type { Point } from '@vigil/core';
import { percentileReducer } from './aggregate-reducers';

function points(count: number): Point[] {
  return Array.from({ length: count }, (_, i) => ({ database: '', retentionPolicy: '', name: 'm', tags: {}, fields: {}, time: BigInt(i) }));
}

/** InfluxQL's percentile written plainly: a stable sort by value, then the nearest rank. */
function referencePercentile(values: readonly number[], percentile: number): number | undefined {
  const rank = Math.floor((values.length * percentile) / 100 + 0.5) - 1;
  if (rank < 0 || rank >= values.length) return undefined;
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index);
  return order[rank]?.index;
}

describe('percentileReducer', () => {
  it('selects the point a stable sort by value puts at the nearest rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 100, noNaN: true }), (ints, percentile) => {
        const values = ints.map((v) => v * 1.5);
        const [selected] = percentileReducer({ values, times: points(values.length).map((p) => p.time), points: points(values.length) }, 'float', percentile);
        expect(selected === undefined ? undefined : Number(selected.time)).toBe(referencePercentile(values, percentile));
      }),
    );
  });

  it('works on int64 values', () => {
    const values = [5n, 1n, 5n, 3n];
    const [selected] = percentileReducer({ values, times: points(4).map((p) => p.time), points: points(4) }, 'int', 100);
    expect(selected?.value).toBe(5n);
    expect(selected?.time).toBe(2n);
  });
});
