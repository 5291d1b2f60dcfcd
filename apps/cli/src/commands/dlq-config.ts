import { kafkaSecurityEnv, logLevelVar, parseEnv, redisSecurityEnv, serviceEnv, stringVar, topicVar, withTransportSecurity, type EnvOf, type TransportSecurity } from '@vigil/config';

/** The shared variables `vigil dlq` reads, with the services' names and defaults. */
const SHARED = serviceEnv({ port: 8080, clientId: 'vigil-cli' });

/**
 * Every variable `vigil dlq` reads. It talks to the same Kafka topics and Redis ledger as the
 * notifier, so names and defaults are the notifier's (docs/configuration.md, docs/dead-letters.md).
 */
export const DLQ_ENV = {
  KAFKA_BROKERS: SHARED.KAFKA_BROKERS,
  KAFKA_CLIENT_ID: SHARED.KAFKA_CLIENT_ID,
  ...kafkaSecurityEnv(),
  REDIS_URL: SHARED.REDIS_URL,
  ...redisSecurityEnv(),
  ALERTS_TOPIC: SHARED.ALERTS_TOPIC,
  DEAD_LETTER_TOPIC: topicVar('vigil.alerts.dlq'),
  // As the notifier's: ledger keys are `<prefix>:delivery:...`, so the two must agree.
  REDIS_KEY_PREFIX: stringVar('vigil', { pattern: /^[A-Za-z0-9._:-]{1,100}$/, message: 'expected letters, digits, ".", "_", ":" or "-"' }),
  // Quiet by default: the command prints its own errors, and client logs would bury them.
  LOG_LEVEL: logLevelVar('silent'),
};

export type DlqConfig = EnvOf<typeof DLQ_ENV> & TransportSecurity;

/** The one place `vigil dlq` reads the environment. Throws a ConfigError naming every bad variable. */
export function loadDlqConfig(env: Readonly<Record<string, string | undefined>>): DlqConfig {
  return withTransportSecurity('vigil dlq', parseEnv('vigil dlq', DLQ_ENV, env));
}
