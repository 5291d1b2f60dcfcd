import { z } from 'zod';
import { ConfigError, secretFileVar, secretVar, type Secret } from '@vigil/config';
import { BatchSourceError, batchSourcesOf, InfluxDBClustersFileError, readInfluxDBClustersFile, type BatchSources } from '@vigil/evaluation';

/**
 * The evaluator's variables for batch tasks: Kapacitor's `[[influxdb]]` section (`urls`,
 * `username`, `password`) for the default InfluxDB, a file of named ones for `.cluster('name')`,
 * and vigil's Prometheus for `promQL()` nodes. The password is a Secret from the moment it is
 * read: it reaches no log line and no error.
 */
export const BATCH_ENV = {
  INFLUXDB_URL: z.string().trim().optional(),
  INFLUXDB_USERNAME: z.string().trim().optional(),
  INFLUXDB_PASSWORD: secretVar(),
  INFLUXDB_PASSWORD_FILE: secretFileVar(),
  /** A JSON file of named InfluxDBs (docs/batch-tasks.md), read once at the start; it holds secrets. */
  INFLUXDB_CLUSTERS_FILE: z.string().trim().optional(),
  PROMETHEUS_URL: z.string().trim().optional(),
};

/** What of the configuration the batch sources are read from. */
export interface BatchEnv {
  readonly INFLUXDB_URL?: string | undefined;
  readonly INFLUXDB_USERNAME?: string | undefined;
  readonly INFLUXDB_PASSWORD?: Secret | undefined;
  readonly INFLUXDB_PASSWORD_FILE?: Secret | undefined;
  readonly INFLUXDB_CLUSTERS_FILE?: string | undefined;
  readonly PROMETHEUS_URL?: string | undefined;
}

/** The query ports of the configured sources; a bad setting is a ConfigError naming the variable, never the password. */
export function batchSourcesFromEnv(env: BatchEnv): BatchSources {
  if (env.INFLUXDB_PASSWORD !== undefined && env.INFLUXDB_PASSWORD_FILE !== undefined) {
    throw new ConfigError('evaluator', [{ variable: 'INFLUXDB_PASSWORD_FILE', reason: 'set either INFLUXDB_PASSWORD or INFLUXDB_PASSWORD_FILE, not both' }]);
  }
  const password = (env.INFLUXDB_PASSWORD ?? env.INFLUXDB_PASSWORD_FILE)?.reveal();
  try {
    const clusters = nonEmpty(env.INFLUXDB_CLUSTERS_FILE) ? readInfluxDBClustersFile(env.INFLUXDB_CLUSTERS_FILE as string) : undefined;
    return batchSourcesOf(
      {
        ...(nonEmpty(env.INFLUXDB_URL) ? { influxdbUrl: env.INFLUXDB_URL as string } : {}),
        ...(nonEmpty(env.INFLUXDB_USERNAME) ? { influxdbUsername: env.INFLUXDB_USERNAME as string } : {}),
        ...(password ? { influxdbPassword: password } : {}),
        ...(clusters ? { influxdbClusters: clusters } : {}),
        ...(nonEmpty(env.PROMETHEUS_URL) ? { prometheusUrl: env.PROMETHEUS_URL as string } : {}),
      },
      { influxdb: 'INFLUXDB_URL', influxdbClusters: 'INFLUXDB_CLUSTERS_FILE', prometheus: 'PROMETHEUS_URL' },
    );
  } catch (error) {
    if (error instanceof InfluxDBClustersFileError) throw new ConfigError('evaluator', [{ variable: 'INFLUXDB_CLUSTERS_FILE', reason: error.message }]);
    if (!(error instanceof BatchSourceError)) throw error;
    const [variable = 'INFLUXDB_URL', ...reason] = error.message.split(': ');
    throw new ConfigError('evaluator', [{ variable, reason: reason.join(': ') }]);
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
