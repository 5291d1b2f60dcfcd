import { DEFAULT_TOPICS } from '@vigil/topic-contract';
import { httpAccessEnv } from './http-access-env';
import { hostPortListVar, intVar, logLevelVar, optionalUrlVar, portVar, stringVar, urlVar } from './env-fields';
import { kafkaSecurityEnv, redisSecurityEnv } from './transport/transport-env';

export interface ServiceDefaults {
  /** The HTTP port for health, metrics and (ingest) writes. */
  readonly port: number;
  /** kafkajs client id, shown in broker logs and quotas. */
  readonly clientId: string;
}

/**
 * The variables every vigil service reads. Each app spreads this into its own schema and adds
 * what is specific to it, so a variable has one name, one default and one meaning everywhere.
 * docs/configuration.md lists them; keep the two in step.
 */
export function serviceEnv(defaults: ServiceDefaults) {
  return {
    PORT: portVar(defaults.port),
    HOST: stringVar('0.0.0.0'),
    ...httpAccessEnv(),
    LOG_LEVEL: logLevelVar('info'),
    KAFKA_BROKERS: hostPortListVar('127.0.0.1:9092'),
    KAFKA_CLIENT_ID: stringVar(defaults.clientId),
    KAFKA_REPLICATION_FACTOR: intVar(1, { min: 1, max: 32 }),
    ...kafkaSecurityEnv(),
    REDIS_URL: urlVar(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
    ...redisSecurityEnv(),
    SCHEMA_REGISTRY_URL: optionalUrlVar(['http:', 'https:']),
    POINTS_TOPIC: topicVar(DEFAULT_TOPICS.points),
    POINTS_PARTITIONS: intVar(6, { min: 1, max: 10_000 }),
    ALERTS_TOPIC: topicVar(DEFAULT_TOPICS.alerts),
    ALERTS_PARTITIONS: intVar(6, { min: 1, max: 10_000 }),
    SHUTDOWN_TIMEOUT_MS: intVar(9_000, { min: 100, max: 600_000 }),
  };
}

/** A Kafka topic name: at most 249 characters of letters, digits, `.`, `_` and `-`. */
export function topicVar(defaultValue: string) {
  return stringVar(defaultValue, {
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    message: 'expected a Kafka topic name (letters, digits, ".", "_", "-"; at most 249)',
  });
}

/** A Kafka consumer group id. */
export function groupIdVar(defaultValue: string) {
  return stringVar(defaultValue, {
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    message: 'expected a consumer group id (letters, digits, ".", "_", "-")',
  });
}
