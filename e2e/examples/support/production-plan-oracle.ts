import { productionPlanSamples, type Sample } from '../../../examples/production-plan/production-plan-data';

/** What an event of examples/production-plan must say, worked out from the rules without the engine. */
export interface OracleEvent {
  readonly id: string;
  readonly level: Level;
  /** Seconds after 10:00:00. */
  readonly second: number;
  /** Seconds since the alert left OK (Kapacitor's `duration`), 0 on the event that left it. */
  readonly durationSeconds: number;
  /** The field of the alert's point the rule looked at, and its value. */
  readonly field: string;
  readonly value: number;
}

type Level = 'OK' | 'INFO' | 'WARNING' | 'CRITICAL';

/** A reading a rule sees: when, and the value. */
interface Reading {
  readonly second: number;
  readonly value: number;
}

/** The readings of one series: a metric whose labels include `labels`. */
function series(samples: readonly Sample[], metric: string, labels: Readonly<Record<string, string>>): Reading[] {
  return samples
    .filter((s) => s.metric === metric && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .map((s) => ({ second: s.second, value: s.value }));
}

/** `derivative().nonNegative()`: the change per `unit` seconds; a fall emits nothing but is still the previous reading. */
function rate(readings: readonly Reading[], unit: number): Reading[] {
  const rates: Reading[] = [];
  readings.forEach((reading, i) => {
    const previous = readings[i - 1];
    if (previous === undefined || reading.value < previous.value) return;
    rates.push({ second: reading.second, value: ((reading.value - previous.value) * unit) / (reading.second - previous.second) });
  });
  return rates;
}

/** Aligned windows of `period` every `every` seconds, summed: [end - period, end), emitted by the first reading at or after end. */
function windowSums(readings: readonly Reading[], period: number, every: number): Reading[] {
  const last = Math.max(...readings.map((r) => r.second));
  const sums: Reading[] = [];
  for (let end = every; end <= last; end += every) {
    const inside = readings.filter((r) => r.second >= end - period && r.second < end);
    sums.push({ second: end, value: inside.reduce((sum, r) => sum + r.value, 0) });
  }
  return sums;
}

/** Two series side by side at the same times (the join), combined. */
function joined(left: readonly Reading[], right: readonly Reading[], combine: (left: number, right: number) => number): Reading[] {
  const byTime = new Map(right.map((r) => [r.second, r.value]));
  return left.flatMap((r) => {
    const other = byTime.get(r.second);
    return other === undefined ? [] : [{ second: r.second, value: combine(r.value, other) }];
  });
}

/** `.stateChangesOnly()` as alert.go does it: an event when the level changes; the duration runs from the reading that left OK. */
function stateChanges(id: string, field: string, readings: readonly Reading[], level: (value: number) => Level): OracleEvent[] {
  const events: OracleEvent[] = [];
  let previous: Level = 'OK';
  let since = 0;
  for (const reading of readings) {
    const now = level(reading.value);
    if (now === previous) continue;
    if (previous === 'OK') since = reading.second;
    events.push({ id, level: now, second: reading.second, durationSeconds: reading.second - since, field, value: reading.value });
    previous = now;
  }
  return events;
}

/** How long a condition has held, in seconds (stateDuration), -1 when it does not. */
function heldFor(readings: readonly Reading[], test: (value: number) => boolean): Reading[] {
  let since: number | undefined;
  return readings.map((r) => {
    if (!test(r.value)) {
      since = undefined;
      return { second: r.second, value: -1 };
    }
    since ??= r.second;
    return { second: r.second, value: r.second - since };
  });
}

const above = (limit: number, level: Level) => (value: number): Level => (value > limit ? level : 'OK');

/** The events of every task of examples/production-plan, task by task in file-name order. */
export function productionPlanOracle(samples: readonly Sample[] = productionPlanSamples()): OracleEvent[] {
  const api = { service: 'mes-api' };
  const requests = (code: string): Reading[] => rate(series(samples, 'http_requests_total', { ...api, code }), 1);
  const fiveMinutes = (readings: Reading[]): Reading[] => windowSums(readings, 300, 60);
  const hourly = (metric: string): Reading[] => windowSums(rate(series(samples, metric, { service: 'calculation' }), 60), 3600, 3600);
  const busy = (instance: string): Reading[] =>
    rate(series(samples, 'node_cpu_seconds_total', { instance, mode: 'idle' }), 1).map((r) => ({ second: r.second, value: 100 * (1 - r.value) }));
  const spike = (code: string): OracleEvent[] => {
    const now = requests(code);
    const before = now.map((r) => ({ second: r.second + 5, value: r.value }));
    const flags = joined(now, before, (n, b) => (n > 10 * b ? n : -n));
    return stateChanges(`rps_spike/mes-api/${code}`, 'now.value', flags, (v) => (v > 0 ? 'WARNING' : 'OK')).map((e) => ({ ...e, value: Math.abs(e.value) }));
  };
  const byTime = (events: OracleEvent[]): OracleEvent[] => [...events].sort((a, b) => a.second - b.second);
  return [
    ...stateChanges(
      'api_error_rate/mes-api',
      'error_rate',
      joined(fiveMinutes(requests('5xx')), fiveMinutes(requests('2xx')), (errors, ok) => errors / (errors + ok)),
      above(0.05, 'CRITICAL'),
    ),
    ...stateChanges('api_latency_p95/mes-api', 'slow_seconds', heldFor(series(samples, 'http_request_duration_seconds', { ...api, quantile: '0.95' }), (v) => v > 2), (v) =>
      v >= 300 ? 'WARNING' : 'OK',
    ),
    ...stateChanges('calculation_error_rate/calculation', 'error_rate', joined(hourly('calculation_errors_total'), hourly('calculations_total'), (failed, total) => failed / total), above(0.3, 'WARNING')),
    ...byTime(['mes-api:9100', 'mes-db:9100'].flatMap((instance) => stateChanges(`cpu_high/${instance}/0`, 'cpu_percent', busy(instance), above(85, 'WARNING')))),
    ...byTime([...spike('2xx'), ...spike('5xx')]),
    ...byTime(
      ['mes-api:8080/mes-api', 'mes-db:9187/mes-db', 'redis:9121/redis'].flatMap((target) => {
        const [instance = '', job = ''] = target.split('/');
        return stateChanges(`service_down/${job}/${instance}`, 'value', series(samples, 'up', { job, instance }), (v) => (v === 0 ? 'CRITICAL' : 'OK'));
      }),
    ),
    ...stateChanges(
      'storage_usage/mes-files',
      'used_percent',
      joined(series(samples, 's3_storage_used_bytes', { bucket: 'mes-files' }), series(samples, 's3_storage_size_bytes', { bucket: 'mes-files' }), (used, size) => (100 * used) / size),
      above(80, 'INFO'),
    ),
  ];
}

/** RFC 3339 time of a second after 10:00:00, as Kapacitor writes it. */
export function productionPlanTime(second: number): string {
  return new Date(Date.UTC(2026, 2, 2, 10, 0, second)).toISOString().replace('.000Z', 'Z');
}
