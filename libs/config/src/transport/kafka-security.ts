import type { ConfigIssue } from '../config-error';
import type { EnvOf } from '../parse-env';
import type { Secret } from './secret';
import { anyTlsFile, oneSecretOf, tlsMaterialOf, type TlsMaterial } from './tls-material';
import type { KafkaSaslMechanism, KafkaSecurityProtocol, kafkaSecurityEnv } from './transport-env';

/** How a Kafka client authenticates and encrypts, as createKafka (@vigil/kafka) takes it. */
export interface KafkaSecurity {
  readonly protocol: KafkaSecurityProtocol;
  /** Set for SSL and SASL_SSL. */
  readonly tls: TlsMaterial | undefined;
  /** Set for SASL_PLAINTEXT and SASL_SSL. */
  readonly sasl: KafkaSasl | undefined;
}

export interface KafkaSasl {
  readonly mechanism: KafkaSaslMechanism;
  readonly username: string;
  readonly password: Secret;
}

export type KafkaSecurityEnv = EnvOf<ReturnType<typeof kafkaSecurityEnv>>;

/** PLAINTEXT: what a client gets when no security variable is set. */
export const PLAINTEXT_KAFKA: KafkaSecurity = { protocol: 'PLAINTEXT', tls: undefined, sasl: undefined };

/**
 * Checks that the Kafka security variables fit together and returns what they describe. Pushes one
 * issue per contradiction, naming the variables; a setting that the protocol would ignore is an
 * issue too, since an operator who sets it believes it is in force.
 */
export function kafkaSecurityOf(env: KafkaSecurityEnv, issues: ConfigIssue[]): KafkaSecurity {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const files = { ca: env.KAFKA_SSL_CA_FILE, cert: env.KAFKA_SSL_CERT_FILE, key: env.KAFKA_SSL_KEY_FILE };
  const keyPassword = oneSecretOf(env.KAFKA_SSL_KEY_PASSWORD, env.KAFKA_SSL_KEY_PASSWORD_FILE, { inline: 'KAFKA_SSL_KEY_PASSWORD', file: 'KAFKA_SSL_KEY_PASSWORD_FILE' }, issues);
  const password = oneSecretOf(env.KAFKA_SASL_PASSWORD, env.KAFKA_SASL_PASSWORD_FILE, { inline: 'KAFKA_SASL_PASSWORD', file: 'KAFKA_SASL_PASSWORD_FILE' }, issues);

  if (!usesTls && (anyTlsFile(files) || keyPassword !== undefined)) {
    issues.push({ variable: 'KAFKA_SECURITY_PROTOCOL', reason: `is ${protocol}, but KAFKA_SSL_* files are set: use SSL or SASL_SSL, or unset them` });
  }
  if (keyPassword !== undefined && files.key === undefined) {
    issues.push({ variable: 'KAFKA_SSL_KEY_FILE', reason: 'a key password is set (KAFKA_SSL_KEY_PASSWORD[_FILE]) but no key file' });
  }
  const tls = usesTls ? tlsMaterialOf({ ...files, keyPassword }, { ca: 'KAFKA_SSL_CA_FILE', cert: 'KAFKA_SSL_CERT_FILE', key: 'KAFKA_SSL_KEY_FILE' }, issues) : undefined;

  const saslGiven = env.KAFKA_SASL_MECHANISM !== undefined || env.KAFKA_SASL_USERNAME !== undefined || password !== undefined;
  if (!usesSasl) {
    if (saslGiven) issues.push({ variable: 'KAFKA_SECURITY_PROTOCOL', reason: `is ${protocol}, but KAFKA_SASL_* is set: use SASL_SSL or SASL_PLAINTEXT, or unset them` });
    return { protocol, tls, sasl: undefined };
  }
  const missing = [
    env.KAFKA_SASL_MECHANISM === undefined ? 'KAFKA_SASL_MECHANISM' : undefined,
    env.KAFKA_SASL_USERNAME === undefined ? 'KAFKA_SASL_USERNAME' : undefined,
    password === undefined && env.KAFKA_SASL_PASSWORD === undefined && env.KAFKA_SASL_PASSWORD_FILE === undefined ? 'KAFKA_SASL_PASSWORD' : undefined,
  ].filter((name): name is string => name !== undefined);
  for (const variable of missing) {
    const also = variable === 'KAFKA_SASL_PASSWORD' ? ' (or KAFKA_SASL_PASSWORD_FILE)' : '';
    issues.push({ variable, reason: `is required${also} when KAFKA_SECURITY_PROTOCOL is ${protocol}` });
  }
  if (env.KAFKA_SASL_MECHANISM === undefined || env.KAFKA_SASL_USERNAME === undefined || password === undefined) return { protocol, tls, sasl: undefined };
  return { protocol, tls, sasl: { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password } };
}
