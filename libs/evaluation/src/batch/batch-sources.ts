import { InfluxDBHttpClient } from './influxdb-http.client';
import type { NamedInfluxDBSettings } from './influxdb-clusters-file';
import type { InfluxDBCluster, InfluxDBPort } from './influxdb-port';
import { PrometheusHttpClient, type PrometheusPort } from './prometheus-port';

/**
 * Where batch tasks query, as the hosts read it from flags or the environment: Kapacitor's
 * `[[influxdb]]` section (`urls`, `username`, `password`) for the default InfluxDB, named ones
 * for `.cluster('name')` (from a clusters file), and vigil's Prometheus for `promQL()` nodes.
 * Credentials may be in the URL (`http://user:password@host:8086`) or apart.
 */
export interface BatchSourceSettings {
  readonly influxdbUrl?: string;
  readonly influxdbUsername?: string;
  readonly influxdbPassword?: string;
  /** Named InfluxDBs (readInfluxDBClustersFile); the one above is named `default`. */
  readonly influxdbClusters?: readonly NamedInfluxDBSettings[];
  readonly prometheusUrl?: string;
}

/** The query ports of the configured sources; a source left out makes its nodes' runs fail with a log line. */
export interface BatchSources {
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  /** The configured InfluxDBs as `kapacitor config influxdb` shows them: no password, only whether one is set. */
  readonly influxdbClusters?: readonly InfluxDBClusterView[];
  /** The configured URLs without credentials, for the start log line. */
  readonly described: { readonly influxdb?: string; readonly influxdbClusters?: Readonly<Record<string, string>>; readonly prometheus?: string };
}

/** A configured InfluxDB without its password. */
export interface InfluxDBClusterView {
  readonly name: string;
  /** Without user info. */
  readonly url: string;
  readonly username: string;
  readonly passwordSet: boolean;
  /** The one `query()` nodes without `.cluster()` query. */
  readonly default: boolean;
}

/** A bad setting; its message names the setting and never holds a password. */
export class BatchSourceError extends Error {}

/**
 * Checks the settings and builds the HTTP clients. The password never appears in an error, a
 * log line or `described`: URLs are shown with their credentials removed.
 */
export function batchSourcesOf(
  settings: BatchSourceSettings,
  names: { influxdb: string; influxdbClusters?: string; prometheus: string } = { influxdb: 'influxdb', prometheus: 'prometheus' },
): BatchSources {
  const influx = settings.influxdbUrl
    ? influxClusterOf({ name: DEFAULT_CLUSTER, url: settings.influxdbUrl, username: settings.influxdbUsername, password: settings.influxdbPassword, default: true }, names.influxdb)
    : undefined;
  const named = namedClustersOf(settings.influxdbClusters ?? [], influx !== undefined, names.influxdbClusters ?? 'influxdb clusters');
  const clusters = [...(influx ? [influx] : []), ...named];
  const prometheus = settings.prometheusUrl ? httpUrl(settings.prometheusUrl, names.prometheus) : undefined;
  if (prometheus && (prometheus.username !== '' || prometheus.password !== '')) throw new BatchSourceError(`${names.prometheus}: credentials in the URL are not supported for Prometheus (give a URL without user and password)`);
  const defaultName = (clusters.find((cluster) => cluster.default) ?? clusters[0])?.name;
  return {
    ...(clusters.length > 0 ? { influxdb: new InfluxDBHttpClient(clusters) } : {}),
    ...(clusters.length > 0
      ? { influxdbClusters: clusters.map((cluster) => ({ name: cluster.name, url: cluster.url, username: cluster.username ?? '', passwordSet: (cluster.password ?? '') !== '', default: cluster.name === defaultName })) }
      : {}),
    ...(prometheus ? { prometheus: new PrometheusHttpClient([{ name: 'default', url: prometheus.toString() }]) } : {}),
    described: {
      ...(influx ? { influxdb: influx.url } : {}),
      ...(named.length > 0 ? { influxdbClusters: Object.fromEntries(named.map((cluster) => [cluster.name, cluster.url])) } : {}),
      ...(prometheus ? { prometheus: prometheus.toString() } : {}),
    },
  };
}

/** The name of the InfluxDB given by URL (`--influxdb`, `INFLUXDB_URL`), which `.cluster('default')` names too. */
export const DEFAULT_CLUSTER = 'default';

/**
 * The named InfluxDBs: `default` is taken when a default URL is set, and at most one may be the
 * default (Kapacitor refuses a second); without a default URL and without one marked, the first is.
 */
function namedClustersOf(entries: readonly NamedInfluxDBSettings[], haveDefaultUrl: boolean, setting: string): InfluxDBCluster[] {
  const clusters = entries.map((entry) => influxClusterOf(entry, `${setting}: ${entry.name}`));
  if (haveDefaultUrl && clusters.some((cluster) => cluster.name === DEFAULT_CLUSTER)) {
    throw new BatchSourceError(`${setting}: the name "${DEFAULT_CLUSTER}" is the InfluxDB given by URL; name the entry otherwise`);
  }
  const defaults = clusters.filter((cluster) => cluster.default);
  if (defaults.length > (haveDefaultUrl ? 0 : 1)) {
    throw new BatchSourceError(`${setting}: more than one default InfluxDB (${[...(haveDefaultUrl ? [DEFAULT_CLUSTER] : []), ...defaults.map((cluster) => cluster.name)].join(', ')})`);
  }
  return clusters;
}

function influxClusterOf(entry: { name: string; url: string; username?: string | undefined; password?: string | undefined; default?: boolean | undefined }, setting: string): InfluxDBCluster {
  const url = httpUrl(entry.url, setting);
  const inUrl = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  if (inUrl.username !== '' && entry.username) throw new BatchSourceError(`${setting}: the user is given both in the URL and apart; give it once`);
  if (inUrl.password !== '' && entry.password) throw new BatchSourceError(`${setting}: the password is given both in the URL and apart; give it once`);
  const username = entry.username || inUrl.username;
  const password = entry.password || inUrl.password;
  if (password !== '' && username === '') throw new BatchSourceError(`${setting}: a password without a user; give the user too`);
  url.username = '';
  url.password = '';
  return { name: entry.name, url: url.toString(), ...(entry.default ? { default: true } : {}), ...(username ? { username, password } : {}) };
}

function httpUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BatchSourceError(`${name}: expected a URL such as http://127.0.0.1:8086, got "${withoutCredentials(text)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BatchSourceError(`${name}: expected an http:// or https:// URL, got ${url.protocol}`);
  return url;
}

/**
 * The text with everything up to its last `@` hidden, for messages about a URL that does not
 * parse: where its credentials end cannot be known, so all that could hold them goes.
 */
function withoutCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  return at < 0 ? text : `***${text.slice(at)}`;
}
