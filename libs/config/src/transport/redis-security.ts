import type { ConfigIssue } from '../config-error';
import type { EnvOf } from '../parse-env';
import type { Secret } from './secret';
import { anyTlsFile, oneSecretOf, tlsMaterialOf, type TlsMaterial } from './tls-material';
import type { RedisMode, redisSecurityEnv } from './transport-env';

/** How a Redis client authenticates and encrypts beyond what REDIS_URL says, as connectRedis (@vigil/redis) takes it. */
export interface RedisSecurity {
  /** Set when REDIS_URL is `rediss://`. */
  readonly tls: TlsMaterial | undefined;
  /** The ACL user from REDIS_USERNAME; undefined leaves it to the URL (or Redis's `default`). */
  readonly username: string | undefined;
  /** From REDIS_PASSWORD or REDIS_PASSWORD_FILE; undefined leaves it to the URL. */
  readonly password: Secret | undefined;
}

/** A `host:port` of a Redis node or a Sentinel. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** Which Redis deployment connectRedis (@vigil/redis) talks to, from REDIS_MODE and its variables. */
export type RedisTopology =
  | { readonly mode: 'single' }
  /** Seed nodes; the client learns the rest (and which master owns which slot) from them. */
  | { readonly mode: 'cluster'; readonly nodes: readonly RedisAddress[] }
  /** The Sentinels to ask, the name of the master they watch, and their own password if they have one. */
  | { readonly mode: 'sentinel'; readonly sentinels: readonly RedisAddress[]; readonly master: string; readonly sentinelPassword: Secret | undefined };

/** One server at REDIS_URL: what a client gets when no topology variable is set. */
export const SINGLE_REDIS: RedisTopology = { mode: 'single' };

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

/**
 * Checks REDIS_MODE against the variables it needs (and those it would ignore) and returns the
 * topology. A cluster has only database 0, so a REDIS_URL naming another database is an error
 * there rather than a silent switch of database.
 */
export function redisTopologyOf(env: RedisSecurityEnv, issues: ConfigIssue[]): RedisTopology {
  const mode: RedisMode = env.REDIS_MODE;
  const url = new URL(env.REDIS_URL);
  const unused = (variable: keyof RedisSecurityEnv, value: unknown) => {
    if (value !== undefined) issues.push({ variable, reason: `is set but REDIS_MODE is ${mode}: unset it, or set REDIS_MODE` });
  };
  if (mode !== 'cluster') unused('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES);
  if (mode !== 'sentinel') {
    unused('REDIS_SENTINELS', env.REDIS_SENTINELS);
    unused('REDIS_SENTINEL_MASTER', env.REDIS_SENTINEL_MASTER);
    unused('REDIS_SENTINEL_PASSWORD', env.REDIS_SENTINEL_PASSWORD);
  }
  if (mode === 'single') return SINGLE_REDIS;
  if (mode === 'cluster') {
    if (!['', '/', '/0'].includes(url.pathname)) {
      issues.push({ variable: 'REDIS_URL', reason: `names database ${url.pathname.slice(1)}, but a Redis Cluster has only database 0` });
    }
    const nodes = env.REDIS_CLUSTER_NODES ?? [`${url.hostname}:${url.port || '6379'}`];
    return { mode, nodes: nodes.map(addressOf) };
  }
  if (env.REDIS_SENTINELS === undefined) issues.push({ variable: 'REDIS_SENTINELS', reason: 'REDIS_MODE is sentinel: list the Sentinels as host:port,...' });
  if (env.REDIS_SENTINEL_MASTER === undefined) issues.push({ variable: 'REDIS_SENTINEL_MASTER', reason: 'REDIS_MODE is sentinel: name the master the Sentinels watch (e.g. mymaster)' });
  return { mode, sentinels: (env.REDIS_SENTINELS ?? []).map(addressOf), master: env.REDIS_SENTINEL_MASTER ?? '', sentinelPassword: env.REDIS_SENTINEL_PASSWORD };
}

/** Splits `host:port` (hostPortListVar checked the shape). */
function addressOf(entry: string): RedisAddress {
  const colon = entry.lastIndexOf(':');
  return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) };
}
