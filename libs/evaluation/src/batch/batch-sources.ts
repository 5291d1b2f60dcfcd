import { InfluxDBHttpClient } from './influxdb-http.client';
import type { InfluxDBCluster, InfluxDBPort } from './influxdb-port';
import { PrometheusHttpClient, type PrometheusPort } from './prometheus-port';

/**
 * Where batch tasks query, as the hosts read it from flags or the environment: Kapacitor's
 * `[[influxdb]]` section (`urls`, `username`, `password`) for one InfluxDB, and vigil's Prometheus
 * for `promQL()` nodes. Credentials may be in the URL (`http://user:password@host:8086`) or apart.
 */
export interface BatchSourceSettings {
  readonly influxdbUrl?: string;
  readonly influxdbUsername?: string;
  readonly influxdbPassword?: string;
  readonly prometheusUrl?: string;
}

/** The query ports of the configured sources; a source left out makes its nodes' runs fail with a log line. */
export interface BatchSources {
  readonly influxdb?: InfluxDBPort;
  readonly prometheus?: PrometheusPort;
  /** The configured URLs without credentials, for the start log line. */
  readonly described: { readonly influxdb?: string; readonly prometheus?: string };
}

/** A bad setting; its message names the setting and never holds a password. */
export class BatchSourceError extends Error {}

/**
 * Checks the settings and builds the HTTP clients. The password never appears in an error, a
 * log line or `described`: URLs are shown with their credentials removed.
 */
export function batchSourcesOf(settings: BatchSourceSettings, names: { influxdb: string; prometheus: string } = { influxdb: 'influxdb', prometheus: 'prometheus' }): BatchSources {
  const influx = settings.influxdbUrl ? influxClusterOf(settings, names.influxdb) : undefined;
  const prometheus = settings.prometheusUrl ? httpUrl(settings.prometheusUrl, names.prometheus) : undefined;
  if (prometheus && (prometheus.username !== '' || prometheus.password !== '')) throw new BatchSourceError(`${names.prometheus}: credentials in the URL are not supported for Prometheus (give a URL without user and password)`);
  return {
    ...(influx ? { influxdb: new InfluxDBHttpClient([influx]) } : {}),
    ...(prometheus ? { prometheus: new PrometheusHttpClient([{ name: 'default', url: prometheus.toString() }]) } : {}),
    described: { ...(influx ? { influxdb: influx.url } : {}), ...(prometheus ? { prometheus: prometheus.toString() } : {}) },
  };
}

function influxClusterOf(settings: BatchSourceSettings, name: string): InfluxDBCluster {
  const url = httpUrl(settings.influxdbUrl ?? '', name);
  const inUrl = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  if (inUrl.username !== '' && settings.influxdbUsername) throw new BatchSourceError(`${name}: the user is given both in the URL and apart; give it once`);
  if (inUrl.password !== '' && settings.influxdbPassword) throw new BatchSourceError(`${name}: the password is given both in the URL and apart; give it once`);
  const username = settings.influxdbUsername || inUrl.username;
  const password = settings.influxdbPassword || inUrl.password;
  if (password !== '' && username === '') throw new BatchSourceError(`${name}: a password without a user; give the user too`);
  url.username = '';
  url.password = '';
  return { name: 'default', url: url.toString(), default: true, ...(username ? { username, password } : {}) };
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
