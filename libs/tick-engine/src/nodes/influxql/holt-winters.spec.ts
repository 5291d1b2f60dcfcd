import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, SECOND, view } from '../../testing/script-harness.test';
import { holtWintersReducer } from './holt-winters';

interface Vector {
  readonly h: number;
  readonly m: number;
  readonly interval: string;
  readonly fit: boolean;
  /** [time ns, value] as decimal text. */
  readonly points: readonly (readonly [string, string])[];
  /** What influxdb 1.1.4's FloatHoltWintersReducer.Emit gave: [time ns, value printed with 'g' -1]. */
  readonly go: readonly (readonly [string, string])[];
}

const VECTORS = JSON.parse(readFileSync(join(__dirname, '../../../test/go-math/holt-winters.vectors.json'), 'utf8')) as Vector[];

describe('Holt-Winters', () => {
  it.each(VECTORS.map((vector, index) => [index, vector] as const))('forecasts vector %i exactly as Go does', (_index, vector) => {
    const reduce = holtWintersReducer({ h: vector.h, m: vector.m, includeFitData: vector.fit, interval: BigInt(vector.interval) });
    const reduced = reduce({ values: vector.points.map(([, value]) => Number(value)), times: vector.points.map(([time]) => BigInt(time)) }, 'float', 0);
    expect(reduced.map((entry) => [String(entry.time), entry.value])).toEqual(vector.go.map(([time, value]) => [time, Number(value)]));
  });

  it('emits the forecast as a batch after a window, with the group tags and the forecast times', () => {
    const input = [10, 12, 11, 13, 12, 14, 13, 15].map((value, i) => `m,host=a v=${value} ${i}`).join('\n') + '\nm,host=a v=1 10';
    const recorder = run(`stream|from().groupBy('host')|window().period(10s).every(10s).align()|holtWinters('v', 2, 0, 1s).as('f')|httpOut('out')`, input);
    const batch = recorder.out()[0];
    expect(batch?.kind).toBe('batch');
    if (batch?.kind !== 'batch') return;
    expect(batch.points.map((point) => view(point)[0])).toEqual([8, 9]);
    expect(batch.points.map((point) => Object.keys(point.fields))).toEqual([['f'], ['f']]);
    expect(batch.points[0]?.tags).toEqual({ host: 'a' });
    // The batch time moves to its last forecast when that is later than the window's.
    expect(batch.tmax).toBe(10n * SECOND);
  });
});
