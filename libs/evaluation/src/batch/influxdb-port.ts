/**
 * What a batch task needs from InfluxDB 1.x: one InfluxQL statement answered with its series.
 * The HTTP client (`InfluxDBHttpClient`) is the real implementation; tests give a fake.
 */
export interface InfluxDBPort {
  /** Runs `query` on the InfluxDB named `cluster` ('' for the default one). Rejects on transport or statement errors. */
  query(cluster: string, query: string): Promise<InfluxSeries[]>;
}

/** One series of an answer (`models.Row`): values in column order, `time` as RFC 3339 text. */
export interface InfluxSeries {
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

/** One configured InfluxDB, as Kapacitor's `[[influxdb]]` section names it. */
export interface InfluxDBCluster {
  readonly name: string;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** The one queried by `query()` nodes without `.cluster()`; the first one when none says so. */
  readonly default?: boolean;
}

export class InfluxDBQueryError extends Error {}
