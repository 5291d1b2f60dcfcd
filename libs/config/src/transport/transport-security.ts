import { ConfigError, type ConfigIssue } from '../config-error';
import { kafkaSecurityOf, type KafkaSecurity, type KafkaSecurityEnv } from './kafka-security';
import { redisSecurityOf, redisTopologyOf, type RedisSecurity, type RedisSecurityEnv, type RedisTopology } from './redis-security';

/** What a service's Kafka and Redis clients are built with, beyond brokers and URL. */
export interface TransportSecurity {
  readonly kafkaSecurity: KafkaSecurity;
  readonly redisSecurity: RedisSecurity;
  /** REDIS_MODE and its variables: one server, a cluster or Sentinel. */
  readonly redisTopology: RedisTopology;
}

/**
 * The Kafka and Redis security of a parsed environment, with every contradiction between its
 * variables as issues (empty when it is consistent). For an app that adds issues of its own to the
 * same ConfigError; others use withTransportSecurity.
 */
export function checkTransportSecurity(env: KafkaSecurityEnv & RedisSecurityEnv): { security: TransportSecurity; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const security = { kafkaSecurity: kafkaSecurityOf(env, issues), redisSecurity: redisSecurityOf(env, issues), redisTopology: redisTopologyOf(env, issues) };
  return { security, issues };
}

/** The parsed environment plus its transport security; throws a ConfigError naming every contradiction. */
export function withTransportSecurity<E extends KafkaSecurityEnv & RedisSecurityEnv>(app: string, env: E): E & TransportSecurity {
  const { security, issues } = checkTransportSecurity(env);
  if (issues.length > 0) throw new ConfigError(app, issues);
  return { ...env, ...security };
}
