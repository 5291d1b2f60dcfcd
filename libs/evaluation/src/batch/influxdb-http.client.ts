import { InfluxDBQueryError, type InfluxDBCluster, type InfluxDBPort, type InfluxSeries } from './influxdb-port';

/** The HTTP fetch the client uses; the global `fetch` unless a test passes its own. */
export type FetchPort = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * The longest a query may take, answer included. Kapacitor's default is no limit; vigil bounds it
 * because the run in progress is finished before a host hands its batch tasks over (a revoked
 * partition 0, a task change, a stop), and a server that never answers must not hold that up.
 */
export const QUERY_TIMEOUT_MS = 60_000;

/** Runs `send` under a timeout; a timeout becomes an error that says who did not answer. */
export async function withQueryTimeout<T>(who: string, timeoutMs: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await send(AbortSignal.timeout(timeoutMs));
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new InfluxDBQueryError(`${who} did not answer within ${timeoutMs / 1000} s`);
    throw error;
  }
}

/**
 * InfluxDB 1.x's `/query` over HTTP, as Kapacitor's client sends it (`influxdb/client.go`:
 * `HTTPClient.Query`): a POST with `q` form-encoded, no `db` (queries name their database), basic
 * auth when configured. Times are asked as RFC 3339 text, not `epoch=ns`: JSON numbers cannot
 * carry nanosecond epochs exactly in JavaScript, and Kapacitor reads the text form too.
 */
export class InfluxDBHttpClient implements InfluxDBPort {
  constructor(
    private readonly clusters: readonly InfluxDBCluster[],
    private readonly fetchPort: FetchPort = (url, init) => fetch(url, init),
    private readonly timeoutMs: number = QUERY_TIMEOUT_MS,
  ) {
    if (clusters.length === 0) throw new Error('no InfluxDB is configured: batch tasks need one to query');
  }

  async query(cluster: string, query: string): Promise<InfluxSeries[]> {
    const target = this.clusterNamed(cluster);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (target.username) headers['Authorization'] = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
    const url = `${target.url.replace(/\/+$/, '')}/query`;
    const { response, text } = await withQueryTimeout(`InfluxDB ${target.name}`, this.timeoutMs, async (signal) => {
      const answer = await this.fetchPort(url, { method: 'POST', headers, body: new URLSearchParams({ q: query }).toString(), signal });
      return { response: answer, text: await answer.text() };
    });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new InfluxDBQueryError(`InfluxDB ${target.name} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return seriesOf(body, response.status, target.name);
  }

  private clusterNamed(name: string): InfluxDBCluster {
    const found = name === '' ? (this.clusters.find((cluster) => cluster.default) ?? this.clusters[0]) : this.clusters.find((cluster) => cluster.name === name);
    if (!found) throw new InfluxDBQueryError(`no InfluxDB named "${name}" is configured (configured: ${this.clusters.map((cluster) => cluster.name).join(', ')})`);
    return found;
  }
}

/** Checks an answer's shape (it crosses a process boundary) and returns the first result's series. */
function seriesOf(body: unknown, status: number, cluster: string): InfluxSeries[] {
  const record = asRecord(body);
  if (typeof record?.['error'] === 'string') throw new InfluxDBQueryError(`InfluxDB ${cluster}: ${record['error']}`);
  if (status < 200 || status >= 300) throw new InfluxDBQueryError(`InfluxDB ${cluster} answered ${status}`);
  const results = record?.['results'];
  if (!Array.isArray(results)) throw new InfluxDBQueryError(`InfluxDB ${cluster} answered without results`);
  const series: InfluxSeries[] = [];
  for (const result of results) {
    const entry = asRecord(result);
    if (typeof entry?.['error'] === 'string') throw new InfluxDBQueryError(`InfluxDB ${cluster}: ${entry['error']}`);
    for (const row of Array.isArray(entry?.['series']) ? (entry['series'] as unknown[]) : []) series.push(rowOf(row, cluster));
  }
  return series;
}

function rowOf(row: unknown, cluster: string): InfluxSeries {
  const record = asRecord(row);
  const columns = record?.['columns'];
  const values = record?.['values'] ?? [];
  if (!Array.isArray(columns) || !columns.every((column) => typeof column === 'string') || !Array.isArray(values) || !values.every(Array.isArray)) {
    throw new InfluxDBQueryError(`InfluxDB ${cluster} answered a series without columns and values`);
  }
  const tags = asRecord(record?.['tags']);
  const name = record?.['name'];
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(tags ? { tags: Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, String(value)])) } : {}),
    columns: columns as string[],
    values: values as unknown[][],
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
