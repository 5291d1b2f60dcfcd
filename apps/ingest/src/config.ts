import { parseEnv, serviceEnv, type EnvOf } from '@vigil/config';

/** Every variable ingest reads; docs/configuration.md describes each one. */
export const INGEST_ENV = {
  ...serviceEnv({ port: 8086, clientId: 'vigil-ingest' }),
};

export type IngestConfig = EnvOf<typeof INGEST_ENV>;

/** The one place ingest reads the environment. Throws a ConfigError naming every bad variable. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return parseEnv('ingest', INGEST_ENV, env);
}
