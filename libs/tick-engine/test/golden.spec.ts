import { encodeAlertEvent } from '@vigil/core';
import { goldenSteps, compileGolden, listGoldenCases, runGolden } from './golden-case';

describe.each(listGoldenCases())('golden case $name', (golden) => {
  it('produces the expected events (Kapacitor JSON) and points (line protocol)', () => {
    const result = runGolden(golden);
    expect(result.events.map(encodeAlertEvent)).toEqual(golden.expectedEvents ?? []);
    expect(result.points).toEqual(golden.expectedPoints ?? []);
  });

  it('produces the same output when snapshotted and restored at the start, half way and at the end', () => {
    const steps = goldenSteps(compileGolden(golden), golden.input).length;
    const whole = runGolden(golden);
    for (const cut of [1, Math.floor(steps / 2), steps - 1]) {
      const resumed = runGolden(golden, cut);
      expect(resumed.points).toEqual(whole.points);
      expect(resumed.events.map(encodeAlertEvent)).toEqual(whole.events.map(encodeAlertEvent));
    }
  });
});
