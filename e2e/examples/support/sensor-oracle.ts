import { START_SECONDS, sensorPoints, type SensorPoint } from '../../../examples/sensor/sensor-data';

/** What an event of examples/sensor must say, worked out from the rules without the engine. */
export interface OracleEvent {
  readonly id: string;
  readonly level: 'OK' | 'WARNING' | 'CRITICAL';
  /** Seconds after 08:00:00. */
  readonly second: number;
  /** Seconds since the alert left OK (Kapacitor's `duration`), 0 on the event that left it. */
  readonly durationSeconds: number;
  /** The field of the alert's point the rule looked at, and its value. */
  readonly field: string;
  readonly value: number;
}

type Level = OracleEvent['level'];

/** A reading the rule sees: when, and the value. */
interface Reading {
  readonly second: number;
  readonly value: number;
}

/**
 * `.stateChangesOnly()` as alert.go does it: an event when the level changes, none for the first
 * OK; the duration runs from the reading that left OK.
 */
function stateChanges(id: string, field: string, readings: readonly Reading[], level: (value: number, index: number) => Level): OracleEvent[] {
  const events: OracleEvent[] = [];
  let previous: Level = 'OK';
  let since = 0;
  readings.forEach((reading, index) => {
    const now = level(reading.value, index);
    if (now === previous) return;
    if (previous === 'OK') since = reading.second;
    events.push({ id, level: now, second: reading.second, durationSeconds: reading.second - since, field, value: reading.value });
    previous = now;
  });
  return events;
}

/** Minutes [m, m+1) of the kept readings, reported at the minute's end (aligned windows). */
function perMinute(readings: readonly Reading[], reduce: (values: number[]) => number): Reading[] {
  const last = Math.max(...readings.map((r) => r.second));
  const minutes: Reading[] = [];
  // A window is emitted by the first reading at or after its end, so the last minute needs one.
  for (let end = 60; end <= last; end += 60) {
    const values = readings.filter((r) => r.second >= end - 60 && r.second < end).map((r) => r.value);
    minutes.push({ second: end, value: reduce(values) });
  }
  return minutes;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const spread = (values: number[]): number => Math.max(...values) - Math.min(...values);
const stddev = (values: number[]): number => {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
};

/** Consecutive readings for which `test` holds (stateCount), -1 when it does not. */
const streak = (readings: readonly Reading[], test: (value: number) => boolean): number[] => {
  let count = 0;
  return readings.map((r) => (test(r.value) ? ++count : ((count = 0), -1)));
};

/** The events of every rule of examples/sensor, task by task in file-name order, as the README's table gives them. */
export function sensorOracle(points: readonly SensorPoint[] = sensorPoints()): OracleEvent[] {
  const kept = points.filter((p) => !p.outlier);
  const read = (field: 'load' | 'random' | 'counter'): Reading[] => kept.map((p) => ({ second: p.second, value: p[field] }));

  const change = kept.slice(1).map((p, i) => ({ second: p.second, value: (p.counter - (kept[i] as SensorPoint).counter) / (p.second - (kept[i] as SensorPoint).second) }));
  const rate = perMinute(change.filter((c) => c.value >= 0), mean);
  const counter = [
    ...stateChanges('counter_rate/s1', 'rate', rate, (v) => (v === 0 ? 'CRITICAL' : v < 1 || v > 3 ? 'WARNING' : 'OK')),
    ...stateChanges('counter_decrease/s1', 'change', change, (v) => (v < 0 ? 'CRITICAL' : 'OK')),
  ];

  const load = perMinute(read('load'), mean);
  const high = streak(load, (v) => v > 7);
  const loadAverage = [
    ...stateChanges('load_high/s1', 'load', load, (_, i) => ((high[i] ?? -1) >= 3 ? 'CRITICAL' : (high[i] ?? -1) >= 1 ? 'WARNING' : 'OK')),
    ...stateChanges('load_low/s1', 'load', load, (v) => (v < 2 ? 'CRITICAL' : v < 5 ? 'WARNING' : 'OK')),
  ];

  const loadStuck = stateChanges('load_stuck/s1', 'spread', perMinute(read('load'), spread), (v) => (v === 0 ? 'CRITICAL' : 'OK'));

  // One group per value; from its 3rd occurrence on, the span of its last 3 occurrences.
  const byValue = new Map<number, number[]>();
  for (const r of read('random')) byValue.set(r.value, [...(byValue.get(r.value) ?? []), r.second]);
  const randomRepeat = [...byValue.entries()]
    .filter(([, seconds]) => seconds.length >= 3)
    .flatMap(([value, seconds]) => {
      const spans = seconds.slice(2).map((second, i) => ({ second, value: second - (seconds[i] as number) }));
      return stateChanges(`random_repeat/s1/${value}`, 'span_s', spans, (span) => (span < 30 ? 'CRITICAL' : 'OK'));
    })
    .sort((a, b) => a.second - b.second);

  const deviation = perMinute(read('random'), stddev);
  const low = streak(deviation, (v) => v < 1_000_000);
  const randomStddev = stateChanges('random_stddev/s1', 'stddev', deviation, (_, i) => ((low[i] ?? -1) >= 2 ? 'CRITICAL' : (low[i] ?? -1) >= 1 ? 'WARNING' : 'OK'));

  return [...counter, ...loadAverage, ...loadStuck, ...randomRepeat, ...randomStddev];
}

/** 08:00:00 plus `second`, as Kapacitor's alert JSON writes times. */
export function sensorTime(second: number): string {
  return new Date((START_SECONDS + second) * 1000).toISOString().replace('.000Z', 'Z');
}
