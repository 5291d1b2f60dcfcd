import type { BatchMessage } from '@vigil/tick-engine';
import { toGroupId } from '@vigil/tick-engine';
import type { Point, Tags } from '@vigil/core';
import type { QueryRange } from './batch-schedule';
import { QUERY_TIMEOUT_MS, withQueryTimeout, type FetchPort } from './influxdb-http.client';

/** One series of a Prometheus range query: its labels and `[unix seconds, "value"]` samples. */
export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

/** What vigil's `promQL()` node needs from Prometheus (`/api/v1/query_range`). */
export interface PrometheusPort {
  queryRange(cluster: string, query: string, range: QueryRange, step: bigint): Promise<PromSeries[]>;
}

export interface PrometheusServer {
  readonly name: string;
  readonly url: string;
  readonly default?: boolean;
}

/** Prometheus's HTTP API: `query_range` with start/end in seconds and the step in seconds. */
export class PrometheusHttpClient implements PrometheusPort {
  constructor(
    private readonly servers: readonly PrometheusServer[],
    private readonly fetchPort: FetchPort = (url, init) => fetch(url, init),
    private readonly timeoutMs: number = QUERY_TIMEOUT_MS,
  ) {}

  async queryRange(cluster: string, query: string, range: QueryRange, step: bigint): Promise<PromSeries[]> {
    const server = cluster === '' ? (this.servers.find((entry) => entry.default) ?? this.servers[0]) : this.servers.find((entry) => entry.name === cluster);
    if (!server) throw new Error(cluster === '' ? 'no Prometheus is configured: promQL() nodes need one' : `no Prometheus named "${cluster}" is configured`);
    const seconds = (ns: bigint) => (Number(ns) / 1e9).toString();
    const body = new URLSearchParams({ query, start: seconds(range.start), end: seconds(range.stop), step: seconds(step > 0n ? step : 1_000_000_000n) });
    const { response, text } = await withQueryTimeout(`Prometheus ${server.name}`, this.timeoutMs, async (signal) => {
      const reply = await this.fetchPort(`${server.url.replace(/\/+$/, '')}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal,
      });
      return { response: reply, text: await reply.text() };
    });
    const answer = JSON.parse(text) as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
    if (answer.status !== 'success') throw new Error(`Prometheus ${server.name}: ${typeof answer.error === 'string' ? answer.error : `status ${response.status}`}`);
    if (answer.data?.resultType !== 'matrix' || !Array.isArray(answer.data.result)) throw new Error(`Prometheus ${server.name} answered no matrix`);
    return answer.data.result.map((entry: unknown) => {
      const series = entry as { metric?: unknown; values?: unknown };
      if (typeof series.metric !== 'object' || series.metric === null || !Array.isArray(series.values)) throw new Error(`Prometheus ${server.name} answered a malformed series`);
      return { metric: series.metric as Record<string, string>, values: series.values as [number, string][] };
    });
  }
}

/**
 * One batch per series: measurement = `__name__` (the node's name when the expression dropped
 * it), tags = the other labels (the group is all of them), one point per sample with the float
 * field `value`, batch time = the run's stop, as for an InfluxQL query without `time()` grouping.
 */
export function promBatchesOf(series: readonly PromSeries[], fallbackName: string, stop: bigint): BatchMessage[] {
  return series.map((entry) => {
    const { __name__: metricName, ...labels } = entry.metric;
    const name = metricName ?? fallbackName;
    const tags: Tags = labels;
    const tagNames = Object.keys(labels).sort();
    const points: Point[] = entry.values.map(([seconds, value]) => ({
      database: '',
      retentionPolicy: '',
      name,
      tags,
      fields: { value: Number(value) },
      time: BigInt(Math.round(seconds * 1000)) * 1_000_000n,
    }));
    return { kind: 'batch', name, tmax: stop, group: toGroupId(name, tags, tagNames, false), groupTags: tags, dimensions: { by: tagNames, byMeasurement: false, exclude: [] }, points };
  });
}
