import { ConfigError, intVar, parseEnv, serviceEnv, stringVar, type EnvOf } from '@vigil/config';
import { parsePartitionKeys, PartitionKeySpecError } from '@vigil/evaluation';

/** Every variable ingest reads; docs/configuration.md and docs/ingest.md describe each one. */
export const INGEST_ENV = {
  ...serviceEnv({ port: 8086, clientId: 'vigil-ingest' }),
  /** `measurement=tag,tag;*=tag`; empty keys every point by its series. */
  PARTITION_KEYS: stringVar(''),
  /** Comma-separated tokens; empty turns authentication off. */
  AUTH_TOKENS: stringVar(''),
  MAX_BODY_BYTES: intVar(25 * 1024 * 1024, { min: 1024, max: 1024 * 1024 * 1024 }),
  REMOTE_WRITE_DB: stringVar('prometheus'),
  REMOTE_WRITE_RP: stringVar('autogen'),
  /** How long one request waits for Kafka's acknowledgement before answering 503. */
  KAFKA_SEND_TIMEOUT_MS: intVar(10_000, { min: 100, max: 600_000 }),
  RETRY_AFTER_SECONDS: intVar(5, { min: 1, max: 3600 }),
  /** How often the points topic's partition count is read again, so added partitions get used. */
  INGEST_METADATA_REFRESH_MS: intVar(60_000, { min: 100, max: 3_600_000 }),
};

export type IngestConfig = EnvOf<typeof INGEST_ENV>;

/** The one place ingest reads the environment. Throws a ConfigError naming every bad variable. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const config = parseEnv('ingest', INGEST_ENV, env);
  try {
    parsePartitionKeys(config.PARTITION_KEYS);
  } catch (error) {
    if (error instanceof PartitionKeySpecError) throw new ConfigError('ingest', [{ variable: 'PARTITION_KEYS', reason: error.message }]);
    throw error;
  }
  return config;
}
