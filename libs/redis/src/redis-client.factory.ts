import { SINGLE_REDIS, tlsConnectionOptions, URL_ONLY_REDIS, type RedisSecurity, type RedisTopology } from '@vigil/config';
import { Cluster, Redis as Server, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A connection to vigil's Redis: one server (also when found through Sentinel) or a Redis Cluster.
 * Both speak the same commands; on a cluster every multi-key command and script must touch one
 * slot (the checkpoint keys of a partition share a hash tag), and a command without a key goes to
 * one node only: LuaScript.load and anything that scans keys must visit every master.
 */
export type Redis = Server | Cluster;

export interface RedisClientOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Shown in `CLIENT LIST`, so an operator can tell the services' connections apart. */
  readonly connectionName: string;
  /** TLS files and the ACL user beyond what the URL says (REDIS_TLS_*, REDIS_USERNAME, REDIS_PASSWORD). */
  readonly security?: RedisSecurity;
  /** One server at the URL (default), a cluster seeded from given nodes, or a master found through Sentinel (REDIS_MODE). */
  readonly topology?: RedisTopology;
  /**
   * Sends the commands issued in one tick of the event loop as one pipeline (ioredis's
   * enableAutoPipelining): one write and one round trip for many small independent commands,
   * such as the notifier's ledger checks and marks. Order per connection is kept. Default off.
   */
  readonly autoPipelining?: boolean;
}

/**
 * Connects to Redis and resolves once the connection is ready for commands. ioredis reconnects
 * by itself afterwards (with growing pauses, capped at 2 s); commands issued while it is down
 * fail after a few retries instead of queueing forever, so callers see the outage.
 */
export async function connectRedis(options: RedisClientOptions): Promise<Redis> {
  const topology = options.topology ?? SINGLE_REDIS;
  const log = options.logger.child({ component: 'redis', mode: topology.mode });
  const redis = createClient(options, topology);
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

/** Shared by every topology: a reconnecting client whose commands fail after a few retries. */
const CLIENT_OPTIONS = {
  lazyConnect: true,
  maxRetriesPerRequest: 3,
  connectTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
} satisfies RedisOptions;

function createClient(options: RedisClientOptions, topology: RedisTopology): Redis {
  const security = redisSecurityOptions(options.security ?? URL_ONLY_REDIS);
  const pipelining = { enableAutoPipelining: options.autoPipelining === true };
  if (topology.mode === 'single') return new Server(options.url, { ...CLIENT_OPTIONS, ...pipelining, connectionName: options.connectionName, ...security });
  // Without the URL in the constructor, its credentials and database have to be passed on by hand.
  const url = new URL(options.url);
  const fromUrl: RedisOptions = {
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    // `rediss:` without REDIS_TLS_* files: TLS with the system's CAs, as the URL alone gives a single server.
    ...(url.protocol === 'rediss:' && security.tls === undefined ? { tls: {} } : {}),
  };
  const server: RedisOptions = { ...CLIENT_OPTIONS, ...pipelining, connectionName: options.connectionName, ...fromUrl, ...security };
  if (topology.mode === 'cluster') {
    return new Cluster(
      topology.nodes.map(({ host, port }) => ({ host, port })),
      {
        lazyConnect: true,
        ...pipelining,
        redisOptions: server,
        // Reads go to masters too: a replica may lag, and a checkpoint read must see the last save.
        scaleReads: 'master',
        clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        // A failover takes the cluster-node-timeout plus an election; commands wait through it a while.
        retryDelayOnClusterDown: 300,
        retryDelayOnFailover: 300,
        retryDelayOnTryAgain: 300,
        // With TLS the nodes' certificates name their hostnames, which the cluster reports as IPs.
        ...(server.tls === undefined ? {} : { dnsLookup: (address, callback) => callback(null, address) }),
      },
    );
  }
  const database = Number(url.pathname.slice(1) || '0');
  return new Server({
    ...server,
    db: Number.isInteger(database) ? database : 0,
    sentinels: topology.sentinels.map(({ host, port }) => ({ host, port })),
    name: topology.master,
    role: 'master',
    ...(topology.sentinelPassword === undefined ? {} : { sentinelPassword: topology.sentinelPassword.reveal() }),
    // The Sentinels are reached with the same TLS material as the servers they watch.
    ...(server.tls === undefined ? {} : { enableTLSForSentinelMode: true, sentinelTLS: server.tls }),
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
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
