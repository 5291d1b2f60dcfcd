import * as core from '@vigil/core';
import type { AlertEvent } from '@vigil/core';
import { goldenSteps, compileGolden, listGoldenCases, runGolden } from './golden-case';

/** Kapacitor's alert JSON of an event, from @vigil/core once it exports the encoder. */
const encodeAlertEvent = (core as unknown as { encodeAlertEvent?: (event: AlertEvent) => string }).encodeAlertEvent;

const cases = listGoldenCases();

describe.each(cases)('golden case $name', (golden) => {
  const expectsEvents = golden.expectedEvents !== undefined;
  const runnable = !expectsEvents || encodeAlertEvent !== undefined;

  it.runIf(runnable)('produces the expected events and points', () => {
    const result = runGolden(golden);
    if (golden.expectedEvents) expect(result.events.map((event) => encodeAlertEvent?.(event))).toEqual(golden.expectedEvents);
    else expect(result.events).toEqual([]);
    expect(result.points).toEqual(golden.expectedPoints ?? []);
  });

  it.runIf(runnable)('produces the same output when snapshotted and restored half way', () => {
    const steps = goldenSteps(compileGolden(golden), golden.input).length;
    const whole = runGolden(golden);
    for (const cut of [1, Math.floor(steps / 2), steps - 1]) {
      const resumed = runGolden(golden, cut);
      expect(resumed.points).toEqual(whole.points);
      expect(resumed.events.map((event) => encodeAlertEvent?.(event))).toEqual(whole.events.map((event) => encodeAlertEvent?.(event)));
    }
  });
});
