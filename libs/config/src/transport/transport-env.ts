import { z } from 'zod';
import { enumVar, hostPortListVar, stringVar } from '../env-fields';
import { certificateFileVar, privateKeyFileVar, secretFileVar, secretVar } from './file-fields';

/** Kafka's `security.protocol` values, spelled as the Java client spells them. */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

/** The SASL mechanisms kafkajs speaks, spelled as kafkajs spells them. */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * The Kafka security variables every service and `vigil dlq` read (docs/configuration.md, "Kafka
 * security"). Each field checks only itself (and reads its file); kafkaSecurityOf checks that
 * they fit together. There is deliberately no switch that turns certificate verification off: a
 * private CA goes in KAFKA_SSL_CA_FILE.
 */
export function kafkaSecurityEnv() {
  return {
    KAFKA_SECURITY_PROTOCOL: wordVar(KAFKA_SECURITY_PROTOCOLS, (raw) => raw.toUpperCase(), 'PLAINTEXT'),
    // Java clients write `SCRAM-SHA-512` and `PLAIN`; both spellings are accepted.
    KAFKA_SASL_MECHANISM: wordVar(KAFKA_SASL_MECHANISMS, (raw) => raw.toLowerCase()),
    KAFKA_SASL_USERNAME: stringVar().optional(),
    KAFKA_SASL_PASSWORD: secretVar(),
    KAFKA_SASL_PASSWORD_FILE: secretFileVar(),
    KAFKA_SSL_CA_FILE: certificateFileVar(),
    KAFKA_SSL_CERT_FILE: certificateFileVar(),
    KAFKA_SSL_KEY_FILE: privateKeyFileVar(),
    KAFKA_SSL_KEY_PASSWORD: secretVar(),
    KAFKA_SSL_KEY_PASSWORD_FILE: secretFileVar(),
  };
}

/** How vigil reaches Redis: one server (REDIS_URL), a Redis Cluster, or a master found through Sentinel. */
export const REDIS_MODES = ['single', 'cluster', 'sentinel'] as const;
export type RedisMode = (typeof REDIS_MODES)[number];

/**
 * The Redis security and topology variables. TLS is on when REDIS_URL is `rediss://`; these add a
 * private CA, a client certificate and an ACL user (which the URL may carry instead:
 * `rediss://user:pass@host`). REDIS_MODE picks the topology; in `cluster` and `sentinel` modes
 * REDIS_URL still gives the scheme (TLS or not) and the credentials, and its host is the seed
 * node when REDIS_CLUSTER_NODES is unset.
 */
export function redisSecurityEnv() {
  return {
    REDIS_MODE: enumVar(REDIS_MODES, 'single'),
    REDIS_CLUSTER_NODES: hostPortListVar().optional(),
    REDIS_SENTINELS: hostPortListVar().optional(),
    REDIS_SENTINEL_MASTER: stringVar().optional(),
    REDIS_SENTINEL_PASSWORD: secretVar(),
    REDIS_TLS_CA_FILE: certificateFileVar(),
    REDIS_TLS_CERT_FILE: certificateFileVar(),
    REDIS_TLS_KEY_FILE: privateKeyFileVar(),
    REDIS_USERNAME: stringVar().optional(),
    REDIS_PASSWORD: secretVar(),
    REDIS_PASSWORD_FILE: secretFileVar(),
  };
}

/** One of `words` after `normalize`; absent means `defaultValue` (or undefined without one). */
function wordVar<const T extends readonly [string, ...string[]], D extends T[number] | undefined = undefined>(
  words: T,
  normalize: (raw: string) => string,
  defaultValue?: D,
) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T[number] | D => {
      if (raw === undefined) return defaultValue as D;
      const word = normalize(raw.trim());
      if (!words.includes(word)) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${words.join(', ')}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return word as T[number];
    });
}
