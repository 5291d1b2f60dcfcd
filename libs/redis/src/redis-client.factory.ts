import { tlsConnectionOptions, URL_ONLY_REDIS, type RedisSecurity } from '@vigil/config';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis } from 'ioredis';

export interface RedisClientOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Shown in `CLIENT LIST`, so an operator can tell the services' connections apart. */
  readonly connectionName: string;
  /** TLS files and the ACL user beyond what the URL says (REDIS_TLS_*, REDIS_USERNAME, REDIS_PASSWORD). */
  readonly security?: RedisSecurity;
}

/**
 * Connects to Redis and resolves once the connection is ready for commands. ioredis reconnects
 * by itself afterwards (with growing pauses, capped at 2 s); commands issued while it is down
 * fail after a few retries instead of queueing forever, so callers see the outage.
 */
export async function connectRedis(options: RedisClientOptions): Promise<Redis> {
  const log = options.logger.child({ component: 'redis' });
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.connectionName,
    maxRetriesPerRequest: 3,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...redisSecurityOptions(options.security ?? URL_ONLY_REDIS),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis emits an error per failed reconnect attempt; one line per distinct message is enough.
    if (error.message !== lastError) log.warn({ err: error }, 'redis connection error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
    log.info('redis ready');
  });
  redis.on('end', () => log.info('redis connection closed'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/**
 * ioredis's `tls`, `username` and `password` options; they take precedence over the URL's. The
 * URL's `rediss:` alone would turn TLS on with the system's CAs; `tls` adds the CA and client
 * certificate files to that.
 */
function redisSecurityOptions(security: RedisSecurity): Pick<RedisOptions, 'tls' | 'username' | 'password'> {
  return {
    ...(security.tls === undefined ? {} : { tls: tlsConnectionOptions(security.tls) }),
    ...(security.username === undefined ? {} : { username: security.username }),
    ...(security.password === undefined ? {} : { password: security.password.reveal() }),
  };
}

/** True when the connection can run commands now; drives readiness. */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready';
}

/**
 * Sends QUIT so Redis closes the connection after replying to everything sent before it; if the
 * server does not answer within `timeoutMs` (it is down), the socket is dropped instead.
 */
export async function quitRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // QUIT's reply arrives before the socket closes; waiting for 'end' means that afterwards the
  // client reports status 'end' and holds no socket that would keep the process alive.
  const ended = new Promise<'ended'>((resolve) => redis.once('end', () => resolve('ended')));
  try {
    const outcome = await Promise.race([
      redis
        .quit()
        .then(() => ended)
        .catch(() => 'failed' as const),
      timeout,
    ]);
    if (outcome !== 'ended') redis.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
