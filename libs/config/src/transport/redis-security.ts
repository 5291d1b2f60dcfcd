import type { ConfigIssue } from '../config-error';
import type { EnvOf } from '../parse-env';
import type { Secret } from './secret';
import { anyTlsFile, oneSecretOf, tlsMaterialOf, type TlsMaterial } from './tls-material';
import type { redisSecurityEnv } from './transport-env';

/** How a Redis client authenticates and encrypts beyond what REDIS_URL says, as connectRedis (@vigil/redis) takes it. */
export interface RedisSecurity {
  /** Set when REDIS_URL is `rediss://`. */
  readonly tls: TlsMaterial | undefined;
  /** The ACL user from REDIS_USERNAME; undefined leaves it to the URL (or Redis's `default`). */
  readonly username: string | undefined;
  /** From REDIS_PASSWORD or REDIS_PASSWORD_FILE; undefined leaves it to the URL. */
  readonly password: Secret | undefined;
}

export type RedisSecurityEnv = EnvOf<ReturnType<typeof redisSecurityEnv>> & { readonly REDIS_URL: string };

/** Nothing beyond the URL: what a client gets when no security variable is set. */
export const URL_ONLY_REDIS: RedisSecurity = { tls: undefined, username: undefined, password: undefined };

/**
 * Checks that the Redis security variables fit REDIS_URL and each other, and returns what they
 * describe. Credentials come from one place, the URL or the variables, never half from each.
 */
export function redisSecurityOf(env: RedisSecurityEnv, issues: ConfigIssue[]): RedisSecurity {
  const url = new URL(env.REDIS_URL);
  const files = { ca: env.REDIS_TLS_CA_FILE, cert: env.REDIS_TLS_CERT_FILE, key: env.REDIS_TLS_KEY_FILE };
  const usesTls = url.protocol === 'rediss:';
  if (!usesTls && anyTlsFile(files)) {
    issues.push({ variable: 'REDIS_URL', reason: 'REDIS_TLS_* files are set but the URL is redis://: use rediss:// for TLS, or unset them' });
  }
  const tls = usesTls ? tlsMaterialOf(files, { ca: 'REDIS_TLS_CA_FILE', cert: 'REDIS_TLS_CERT_FILE', key: 'REDIS_TLS_KEY_FILE' }, issues) : undefined;

  const password = oneSecretOf(env.REDIS_PASSWORD, env.REDIS_PASSWORD_FILE, { inline: 'REDIS_PASSWORD', file: 'REDIS_PASSWORD_FILE' }, issues);
  const username = env.REDIS_USERNAME;
  const variablesGiven = username !== undefined || env.REDIS_PASSWORD !== undefined || env.REDIS_PASSWORD_FILE !== undefined;
  if (variablesGiven && (url.username !== '' || url.password !== '')) {
    issues.push({ variable: 'REDIS_URL', reason: 'carries a user or password and REDIS_USERNAME/REDIS_PASSWORD[_FILE] are set too: give the credentials in one place' });
  }
  if (username !== undefined && password === undefined && env.REDIS_PASSWORD === undefined && env.REDIS_PASSWORD_FILE === undefined) {
    issues.push({ variable: 'REDIS_PASSWORD', reason: 'REDIS_USERNAME is set: an ACL user needs REDIS_PASSWORD or REDIS_PASSWORD_FILE' });
  }
  return { tls, username, password };
}
