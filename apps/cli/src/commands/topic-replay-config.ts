import { ConfigError, kafkaSecurityEnv, kafkaSecurityOf, logLevelVar, parseEnv, serviceEnv, stringVar, topicVar, type ConfigIssue, type EnvOf, type KafkaSecurity } from '@vigil/config';

/** The shared variables, with the services' names and defaults. */
const SHARED = serviceEnv({ port: 8080, clientId: 'vigil-cli' });

/**
 * Every variable `vigil replay --from-topic` reads. It decodes the points topic as the evaluator
 * does, so the names and defaults are the evaluator's (docs/configuration.md).
 */
export const TOPIC_REPLAY_ENV = {
  KAFKA_BROKERS: SHARED.KAFKA_BROKERS,
  KAFKA_CLIENT_ID: SHARED.KAFKA_CLIENT_ID,
  ...kafkaSecurityEnv(),
  SCHEMA_REGISTRY_URL: SHARED.SCHEMA_REGISTRY_URL,
  // With --task: where ingest's task API keeps the tasks (the evaluator's TASKS_TOPIC and default).
  TASKS_TOPIC: topicVar('vigil.tasks'),
  POINTS_DEFAULT_DATABASE: stringVar('telegraf'),
  POINTS_DEFAULT_RETENTION_POLICY: stringVar('autogen'),
  // Quiet by default: the command prints its own errors, and client logs would bury them.
  LOG_LEVEL: logLevelVar('silent'),
};

export type TopicReplayConfig = EnvOf<typeof TOPIC_REPLAY_ENV> & { readonly kafkaSecurity: KafkaSecurity };

/** The one place the topic replay reads the environment. Throws a ConfigError naming every bad variable. */
export function loadTopicReplayConfig(env: Readonly<Record<string, string | undefined>>): TopicReplayConfig {
  const parsed = parseEnv('vigil replay --from-topic', TOPIC_REPLAY_ENV, env);
  const issues: ConfigIssue[] = [];
  const kafkaSecurity = kafkaSecurityOf(parsed, issues);
  if (issues.length > 0) throw new ConfigError('vigil replay --from-topic', issues);
  return { ...parsed, kafkaSecurity };
}
