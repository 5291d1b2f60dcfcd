import { z } from 'zod';
import { checkTransportSecurity, ConfigError, intVar, parseEnv, serviceEnv, stringVar, topicVar, type EnvOf, type TransportSecurity } from '@vigil/config';
import type { HandlerConfig } from '@vigil/alert-handlers';
import { readIngestHandlerAllowlist } from './tasks/handler-allowlist';
import { DEFAULT_TOPICS, parsePartitionKeys, PartitionKeySpecError, SERIES_PARTITION_KEYS, type PartitionKeys } from '@vigil/topic-contract';

/** How ingest writes points to the points topic (docs/topic-contract.md). */
export const POINTS_ENCODINGS = ['line', 'json', 'avro'] as const;
export type PointsEncoding = (typeof POINTS_ENCODINGS)[number];

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
  /** The handler configuration file; only its allowlist is read, to refuse at definition the tasks evaluators would refuse. */
  HANDLERS_CONFIG_FILE: z.string().trim().optional(),
  /** The compacted topic of Kapacitor's task API (key = task id), shared with the evaluators. */
  TASKS_TOPIC: topicVar(DEFAULT_TOPICS.tasks),
  /** The compacted topic of Kapacitor's templates (key = template id); only ingest reads it. */
  TEMPLATES_TOPIC: topicVar(DEFAULT_TOPICS.templates),
  /** The compacted topic of Kapacitor's topic handlers (key = `<topic>/<id>`), shared with the notifiers. */
  TOPIC_HANDLERS_TOPIC: topicVar(DEFAULT_TOPICS.topicHandlers),
  /** The compacted topic of Kapacitor's `delete topics` (key = alert topic): the alerts-topic positions below which its events are gone. */
  TOPIC_DELETIONS_TOPIC: topicVar(DEFAULT_TOPICS.topicDeletions),
  /** The compacted topic of Kapacitor's stream recordings (key = recording id): each a time range of the points topic. */
  RECORDINGS_TOPIC: topicVar(DEFAULT_TOPICS.recordings),
  /** The compacted topic where evaluators write the data of `record batch` and `record query` (key = `<recording id>/<n>`); ingest creates it and deletes a recording's chunks. */
  RECORDING_DATA_TOPIC: topicVar(DEFAULT_TOPICS.recordingData),
  /** The compacted topic of Kapacitor's replays (key = replay id): ingest writes them running, the evaluator that ran one how it ended. */
  REPLAYS_TOPIC: topicVar(DEFAULT_TOPICS.replays),
  /** How long `kapacitor replay` waits for an evaluator to take the replay (not to run it). */
  REPLAY_TAKE_TIMEOUT_MS: intVar(15_000, { min: 100, max: 600_000 }),
  /** How long `service-tests` waits for a notifier to list the services or run a test (the test's own send included). */
  SERVICE_TEST_TIMEOUT_MS: intVar(15_000, { min: 100, max: 600_000 }),
  /** How often the points topic's partition count is read again, so added partitions get used. */
  INGEST_METADATA_REFRESH_MS: intVar(60_000, { min: 100, max: 3_600_000 }),
  /**
   * `line`, `json` or `avro`; unset means `avro` with SCHEMA_REGISTRY_URL and `line` without
   * (resolved in loadIngestConfig, since the default depends on another variable).
   */
  POINTS_ENCODING: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const word = raw.trim();
      if (!(POINTS_ENCODINGS as readonly string[]).includes(word)) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${POINTS_ENCODINGS.join(', ')}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return word as PointsEncoding;
    }),
};

/** The validated environment, with POINTS_ENCODING's default resolved. */
export type IngestConfig = Omit<EnvOf<typeof INGEST_ENV>, 'POINTS_ENCODING' | 'PARTITION_KEYS'> &
  TransportSecurity & { readonly POINTS_ENCODING: PointsEncoding; readonly PARTITION_KEYS: PartitionKeys; readonly handlerAllowlist: HandlerConfig };

/** The one place ingest reads the environment. Throws a ConfigError naming every bad variable. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const config = parseEnv('ingest', INGEST_ENV, env);
  const { security, issues } = checkTransportSecurity(config);
  // Read here, not in the schema, so a bad value is listed with the checks below.
  let partitionKeys = SERIES_PARTITION_KEYS;
  try {
    partitionKeys = parsePartitionKeys(config.PARTITION_KEYS);
  } catch (error) {
    if (!(error instanceof PartitionKeySpecError)) throw error;
    issues.push({ variable: 'PARTITION_KEYS', reason: error.message });
  }
  const encoding = config.POINTS_ENCODING ?? (config.SCHEMA_REGISTRY_URL === undefined ? 'line' : 'avro');
  if (encoding === 'avro' && config.SCHEMA_REGISTRY_URL === undefined) {
    issues.push({ variable: 'POINTS_ENCODING', reason: 'avro needs a schema registry: set SCHEMA_REGISTRY_URL, or choose line or json' });
  }
  const handlerAllowlist = readIngestHandlerAllowlist(config.HANDLERS_CONFIG_FILE, env, issues);
  if (issues.length > 0) throw new ConfigError('ingest', issues);
  return { ...config, ...security, POINTS_ENCODING: encoding, PARTITION_KEYS: partitionKeys, handlerAllowlist };
}
