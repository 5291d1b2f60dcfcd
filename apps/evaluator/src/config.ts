import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseUdfConfig, type UdfFunctions } from '@vigil/tick-engine';
import { enumVar, groupIdVar, intVar, parseEnv, serviceEnv, stringVar, topicVar, withTransportSecurity, type EnvOf, type TransportSecurity } from '@vigil/config';
import type { HandlerConfig } from '@vigil/alert-handlers';
import { DEFAULT_RETRY_WINDOW_POINTS } from '@vigil/evaluation';
import { DEFAULT_TOPICS, parsePartitionKeys, SERIES_PARTITION_KEYS, type PartitionKeys } from '@vigil/topic-contract';
import { readHandlerAllowlist } from './tasks/handler-allowlist';
import { BATCH_ENV, batchSourcesFromEnv } from './batch/batch-env';
import type { BatchSources } from '@vigil/evaluation';

/** Every variable the evaluator reads; docs/configuration.md (shared ones) and docs/evaluator.md (its own) describe each one. */
export const EVALUATOR_ENV = {
  ...serviceEnv({ port: 8087, clientId: 'vigil-evaluator' }),
  EVALUATOR_GROUP_ID: groupIdVar('vigil-evaluator'),
  TASKS_DIR: z.string().trim().optional(),
  /** The compacted topic of Kapacitor's task API (ingest writes it; every evaluator follows it). */
  TASKS_TOPIC: topicVar('vigil.tasks'),
  /** The compacted topic of Kapacitor's replays, where this evaluator writes how a replay it ran ended (ingest's REPLAYS_TOPIC). */
  REPLAYS_TOPIC: topicVar(DEFAULT_TOPICS.replays),
  /** The compacted topic of Kapacitor's recordings, where this evaluator writes how a `record batch` or `record query` it ran ended (ingest's RECORDINGS_TOPIC). */
  RECORDINGS_TOPIC: topicVar(DEFAULT_TOPICS.recordings),
  /** Where this evaluator writes the data of those recordings, and reads it to replay them (ingest's RECORDING_DATA_TOPIC). */
  RECORDING_DATA_TOPIC: topicVar(DEFAULT_TOPICS.recordingData),
  /** The notifier's handler configuration file; only its allowlist (exec, tcp, post.allowedOrigins) and kafka.clusters are read. */
  HANDLERS_CONFIG_FILE: z.string().trim().optional(),
  /** The user-defined functions tasks may call with @name() (JSON, docs/tick-nodes.md "User-defined functions"); unset: none. */
  UDF_CONFIG_FILE: z.string().trim().optional(),
  PARTITION_KEYS: partitionKeysVar(),
  CHECKPOINT_KEY_PREFIX: stringVar('vigil', { pattern: /^[A-Za-z0-9._:-]{1,100}$/, message: 'expected letters, digits, ".", "_", ":" or "-"' }),
  REPARTITION_TOPIC_PREFIX: topicVar(DEFAULT_TOPICS.repartitionPrefix),
  REPARTITION_PARTITIONS: intVar(6, { min: 1, max: 10_000 }),
  POINTS_DEFAULT_DATABASE: stringVar('telegraf'),
  POINTS_DEFAULT_RETENTION_POLICY: stringVar('autogen'),
  EVALUATOR_TICK_INTERVAL_MS: intVar(1_000, { min: 10, max: 600_000 }),
  EVALUATOR_CONCURRENCY: intVar(2, { min: 1, max: 256 }),
  EVALUATOR_SESSION_TIMEOUT_MS: intVar(30_000, { min: 3_000, max: 300_000 }),
  EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION: intVar(1_048_576, { min: 1_024, max: 104_857_600 }),
  EVALUATOR_REBUILD_MAX_RECORDS: intVar(0, { min: 0, what: 'a record count, 0 for no bound' }),
  EVALUATOR_GROUP_IDLE_BATCHES: intVar(200, { min: 0, what: "a count of the task's batches, 0 to keep every group in memory" }),
  EVALUATOR_GROUP_EXPIRY: enumVar(['off', 'quiet'], 'off'),
  EVALUATOR_MAX_GROUPS_PER_TASK: intVar(1_000_000, { min: 1, what: 'groups per task and partition' }),
  EVALUATOR_RETRY_WINDOW_POINTS: intVar(DEFAULT_RETRY_WINDOW_POINTS, { min: 0, what: 'points per partition, 0 to apply retried points again' }),
  /** `.ServerInfo.ServerID` of alert templates and this evaluator's name in the task statistics; unset: derived from the host name. */
  SERVER_ID: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'expected 1 to 100 letters, digits, ".", "_", ":" or "-"').optional(),
  /** How often the tasks' node statistics go to Redis for `kapacitor show`; at most 10 s (TASK_STATISTICS_FRESH_MS). */
  EVALUATOR_STATS_INTERVAL_MS: intVar(5_000, { min: 100, max: 10_000 }),
  /** Where batch tasks query (INFLUXDB_*, PROMETHEUS_URL; docs/batch-tasks.md). */
  ...BATCH_ENV,
};

export type EvaluatorConfig = EnvOf<typeof EVALUATOR_ENV> & TransportSecurity & { readonly handlerAllowlist: HandlerConfig; readonly batchSources: BatchSources; readonly udfFunctions: UdfFunctions };

/** The one place the evaluator reads the environment (and the allowlist of the handler file it names). Throws a ConfigError naming every bad variable. */
export function loadEvaluatorConfig(env: NodeJS.ProcessEnv = process.env): EvaluatorConfig {
  const parsed = withTransportSecurity('evaluator', parseEnv('evaluator', EVALUATOR_ENV, env));
  return { ...parsed, handlerAllowlist: readHandlerAllowlist(parsed.HANDLERS_CONFIG_FILE, env), batchSources: batchSourcesFromEnv(parsed), udfFunctions: readUdfFunctions(parsed.UDF_CONFIG_FILE) };
}

/** The functions of UDF_CONFIG_FILE; a bad file stops the start, naming the variable, the file and the function. */
function readUdfFunctions(path: string | undefined): UdfFunctions {
  if (path === undefined || path === '') return {};
  try {
    return parseUdfConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
  } catch (error) {
    throw new Error(`UDF_CONFIG_FILE: ${(error as Error).message}`, { cause: error });
  }
}

/** PARTITION_KEYS, shared with ingest: `measurement=tag,tag;*=tag`; unset means series keys. */
function partitionKeysVar() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): PartitionKeys => {
      if (raw === undefined) return SERIES_PARTITION_KEYS;
      try {
        return parsePartitionKeys(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    });
}
