import type { BatchMessage } from '../../runtime/message';
import { batchSeries, pointSeries } from './alert-series';
import { testPoint } from './alert-test-doubles.test';

describe('pointSeries', () => {
  it('has all tags, `time` then the field keys in byte order, and one row', () => {
    const point = testPoint(5n, { b: 1n, a: 'x', B: true, é: 0.5, _: 2 }, { host: 'h', dc: 'd' });
    expect(pointSeries(point)).toEqual({
      name: 'cpu',
      tags: { host: 'h', dc: 'd' },
      columns: ['time', 'B', '_', 'a', 'b', 'é'],
      values: [[5n, true, 2, 'x', 1n, 0.5]],
    });
  });
});

describe('batchSeries', () => {
  const batch = (points: BatchMessage['points']): BatchMessage => ({
    kind: 'batch',
    name: 'cpu',
    tmax: 100n,
    group: 'host=a',
    groupTags: { host: 'a' },
    dimensions: { by: ['host'], byMeasurement: false, exclude: [] },
    points,
  });

  it("takes the columns from the first point: its fields and its tags that are not the group's", () => {
    const series = batchSeries(
      batch([testPoint(1n, { usage: 5, extra: 1n }, { host: 'a', cpu: 'cpu0' }), testPoint(2n, { usage: 6 }, { host: 'a', cpu: 'cpu1', core: 'c' })]),
      { host: 'a' },
    );
    expect(series.columns).toEqual(['time', 'cpu', 'extra', 'usage']);
    expect(series.tags).toEqual({ host: 'a' });
    // The second point lacks `extra` (JSON null) and its `core` tag is not a column.
    expect(series.values).toEqual([
      [1n, 'cpu0', 1n, 5],
      [2n, 'cpu1', null, 6],
    ]);
  });
});
