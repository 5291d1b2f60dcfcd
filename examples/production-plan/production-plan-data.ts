/**
 * The production system of shared seed 004 as Prometheus scrapes it, written out as the points
 * remote_write gives vigil: measurement = metric name, tags = labels, one field `value`. The
 * MES API, its database, Redis and the S3 storage are scraped every 5 s from
 * 2026-03-02T10:00:00Z to 10:20:00Z; the storage gauges and the calculation service every minute,
 * the calculation service until 12:00:00 so that two whole hours can be judged. The faults each
 * rule must catch are placed by hand (FAULTS below); the request counts around them come from a
 * seeded generator, so the file is the same on every run.
 *
 *   npx tsx examples/production-plan/production-plan-data.ts > examples/production-plan/production-plan.lp
 */

/** 2026-03-02T10:00:00Z in seconds. */
export const START_SECONDS = Date.UTC(2026, 2, 2, 10, 0, 0) / 1000;

/** The last second of the 5-second scrapes (10:20:00) and of the minute ones of the calculation service (12:00:00). */
const FAST_END = 1200;
const CALCULATION_END = 7200;

/** One sample: a metric, its labels, seconds after 10:00:00 and the value. */
export interface Sample {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly second: number;
  readonly value: number;
}

/** The faults, in seconds after 10:00:00 (the end of each range is excluded). */
export const FAULTS = {
  /** The MES API answers 5xx at 2 a second instead of 0.2. */
  errors: [300, 480],
  /** p95 latency of the MES API at 2.5 s: 7 minutes (alerts), then 3 minutes (does not). */
  slow: [
    [180, 600],
    [840, 1020],
  ],
  /** The database's CPU at 90 %. */
  dbCpuHigh: [480, 660],
  /** The MES API host reboots: its CPU counters start again from 0. */
  apiHostReboot: 720,
  /** Redis is down. */
  redisDown: [720, 810],
  /** A burst of 250 requests a second. */
  burst: [960, 990],
  /** The S3 bucket fills 1 % a minute from 72 %, and is cleaned at 10:15. */
  storageCleaned: 900,
  /** The calculation service fails 4 calculations in 10 in its second hour (1 in 10 in the first). */
  calculationBadHour: 3600,
} as const;

const within = (second: number, [from, to]: readonly [number, number]): boolean => second >= from && second < to;

/** A small deterministic generator (mulberry32), so that the noise is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every sample, in time order; within a time, in the order a scrape lists the series. */
export function productionPlanSamples(): Sample[] {
  const next = seeded(4004);
  const samples: Sample[] = [];
  const api = { service: 'mes-api' };
  let ok = 120_000;
  let errors = 300;
  let dbIdle = 50_000;
  let apiIdle = 80_000;
  let calculations = 5_000;
  let failed = 400;
  for (let second = 0; second <= CALCULATION_END; second += 5) {
    if (second <= FAST_END) {
      if (second > 0) {
        // Between 95 and 105 requests per scrape (about 20 a second), 1250 in the burst.
        ok += within(second, FAULTS.burst) ? 1250 : 95 + Math.floor(next() * 11);
        errors += within(second, FAULTS.errors) ? 10 : 1;
        dbIdle += within(second, FAULTS.dbCpuHigh) ? 0.5 : 3;
        apiIdle = second === FAULTS.apiHostReboot ? 2 : apiIdle + 3.5;
      }
      const slow = FAULTS.slow.some((range) => within(second, range));
      samples.push(
        { metric: 'http_requests_total', labels: { ...api, code: '2xx' }, second, value: ok },
        { metric: 'http_requests_total', labels: { ...api, code: '5xx' }, second, value: errors },
        { metric: 'http_request_duration_seconds', labels: { ...api, quantile: '0.5' }, second, value: slow ? 0.9 : 0.12 },
        { metric: 'http_request_duration_seconds', labels: { ...api, quantile: '0.95' }, second, value: slow ? 2.5 : 0.4 },
        { metric: 'node_cpu_seconds_total', labels: { instance: 'mes-api:9100', cpu: '0', mode: 'idle' }, second, value: apiIdle },
        { metric: 'node_cpu_seconds_total', labels: { instance: 'mes-db:9100', cpu: '0', mode: 'idle' }, second, value: dbIdle },
        { metric: 'up', labels: { job: 'mes-api', instance: 'mes-api:8080' }, second, value: 1 },
        { metric: 'up', labels: { job: 'mes-db', instance: 'mes-db:9187' }, second, value: 1 },
        { metric: 'up', labels: { job: 'redis', instance: 'redis:9121' }, second, value: within(second, FAULTS.redisDown) ? 0 : 1 },
      );
    }
    if (second % 60 !== 0) continue;
    if (second <= FAST_END) {
      const minute = second / 60;
      const usedPercent = second >= FAULTS.storageCleaned ? 60 : 72 + minute;
      samples.push(
        { metric: 's3_storage_used_bytes', labels: { bucket: 'mes-files' }, second, value: usedPercent * 10_000_000_000 },
        { metric: 's3_storage_size_bytes', labels: { bucket: 'mes-files' }, second, value: 1_000_000_000_000 },
      );
    }
    if (second > 0) {
      calculations += 10;
      failed += second > FAULTS.calculationBadHour ? 4 : 1;
    }
    samples.push(
      { metric: 'calculations_total', labels: { service: 'calculation' }, second, value: calculations },
      { metric: 'calculation_errors_total', labels: { service: 'calculation' }, second, value: failed },
    );
  }
  return samples;
}

/** The samples as line protocol, as remote_write writes them: one line each, nanosecond times. */
export function productionPlanLines(samples: readonly Sample[] = productionPlanSamples()): string {
  return samples
    .map((s) => {
      const tags = Object.keys(s.labels)
        .sort()
        .map((key) => `,${key}=${s.labels[key]}`)
        .join('');
      return `${s.metric}${tags} value=${s.value} ${START_SECONDS + s.second}000000000`;
    })
    .join('\n')
    .concat('\n');
}

if (process.argv[1]?.endsWith('production-plan-data.ts')) process.stdout.write(productionPlanLines());
