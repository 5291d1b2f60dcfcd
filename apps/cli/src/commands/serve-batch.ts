import { readFileSync } from 'node:fs';
import { BatchSourceError, batchSourcesOf, InfluxDBClustersFileError, readInfluxDBClustersFile, type BatchSources, type NamedInfluxDBSettings } from '@vigil/evaluation';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';

/**
 * Where `vigil serve`'s batch tasks query: Kapacitor's `[[influxdb]]` section (`urls`,
 * `username`, `password`) as a flag and VIGIL_* variables, and vigil's Prometheus for `promQL()`
 * nodes. The password is best given as VIGIL_INFLUXDB_PASSWORD_FILE (a flag's value is seen by
 * every user of the machine in the process list); it is never printed.
 */
export const SERVE_BATCH_OPTIONS: readonly OptionSpec[] = [
  { name: 'influxdb', takesValue: true, description: 'InfluxDB 1.x that batch tasks query (http://host:8086); env VIGIL_INFLUXDB_URL, with VIGIL_INFLUXDB_USERNAME and VIGIL_INFLUXDB_PASSWORD(_FILE)' },
  { name: 'influxdb-clusters', takesValue: true, description: "JSON file of named InfluxDBs that .cluster('name') picks ({\"influxdb\": [{\"name\", \"url\", \"username\", \"passwordFile\"}]}); env VIGIL_INFLUXDB_CLUSTERS_FILE" },
  { name: 'prometheus', takesValue: true, description: 'Prometheus that promQL() batch nodes query (http://host:9090); env VIGIL_PROMETHEUS_URL' },
];

/** The batch sources from the flags and the environment; a bad setting is a UsageError naming it, never its password. */
export function serveBatchSources(args: ParsedArgs, env: NodeJS.ProcessEnv): BatchSources {
  const influxFlag = stringOption(args, 'influxdb');
  const prometheusFlag = stringOption(args, 'prometheus');
  const password = nonEmpty(env['VIGIL_INFLUXDB_PASSWORD']);
  const passwordFile = nonEmpty(env['VIGIL_INFLUXDB_PASSWORD_FILE']);
  if (password !== undefined && passwordFile !== undefined) throw new UsageError('VIGIL_INFLUXDB_PASSWORD and VIGIL_INFLUXDB_PASSWORD_FILE are both set; set one');
  const influxdbUrl = influxFlag ?? nonEmpty(env['VIGIL_INFLUXDB_URL']);
  const prometheusUrl = prometheusFlag ?? nonEmpty(env['VIGIL_PROMETHEUS_URL']);
  const username = nonEmpty(env['VIGIL_INFLUXDB_USERNAME']);
  const influxdbPassword = passwordFile === undefined ? password : readPasswordFile(passwordFile);
  const clustersFlag = stringOption(args, 'influxdb-clusters');
  const clustersSetting = clustersFlag === undefined ? 'VIGIL_INFLUXDB_CLUSTERS_FILE' : '--influxdb-clusters';
  const clustersFile = clustersFlag ?? nonEmpty(env['VIGIL_INFLUXDB_CLUSTERS_FILE']);
  const influxdbClusters = clustersFile === undefined ? undefined : readClusters(clustersFile, clustersSetting);
  try {
    return batchSourcesOf(
      {
        ...(influxdbUrl === undefined ? {} : { influxdbUrl }),
        ...(username === undefined ? {} : { influxdbUsername: username }),
        ...(influxdbPassword === undefined ? {} : { influxdbPassword }),
        ...(influxdbClusters === undefined ? {} : { influxdbClusters }),
        ...(prometheusUrl === undefined ? {} : { prometheusUrl }),
      },
      { influxdb: influxFlag === undefined ? 'VIGIL_INFLUXDB_URL' : '--influxdb', influxdbClusters: clustersSetting, prometheus: prometheusFlag === undefined ? 'VIGIL_PROMETHEUS_URL' : '--prometheus' },
    );
  } catch (error) {
    if (error instanceof BatchSourceError) throw new UsageError(error.message);
    throw error;
  }
}

function readClusters(path: string, setting: string): NamedInfluxDBSettings[] {
  try {
    return readInfluxDBClustersFile(path);
  } catch (error) {
    if (error instanceof InfluxDBClustersFileError) throw new UsageError(`${setting} ${error.message}`);
    throw error;
  }
}

/** The file's text with one trailing newline dropped, as the services read their *_FILE secrets. */
function readPasswordFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new UsageError(`VIGIL_INFLUXDB_PASSWORD_FILE ${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
