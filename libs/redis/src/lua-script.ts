import { createHash } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { Redis } from './redis-client.factory';

export type RedisArgument = string | number | Buffer;

/**
 * A Lua script run by its SHA1 (EVALSHA), so the source crosses the network once per server, not
 * once per call. A server that does not know the script yet (first use, restart, SCRIPT FLUSH,
 * failover to a replica) answers NOSCRIPT; the call is then repeated as EVAL with the source,
 * which runs on the node owning the keys and leaves the script in that node's cache. (A SCRIPT
 * LOAD would do on one server, but a cluster sends it to a node of its choosing, not necessarily
 * the one that answered NOSCRIPT.)
 */
export class LuaScript {
  readonly sha1: string;

  constructor(
    /** For error messages. */
    readonly name: string,
    readonly source: string,
    /** How many of the arguments are keys (Redis Cluster routes on those); undefined: as many as each call gives. */
    readonly numberOfKeys: number | undefined,
  ) {
    this.sha1 = createHash('sha1').update(source, 'utf8').digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly RedisArgument[] = []): Promise<unknown> {
    if (this.numberOfKeys !== undefined && keys.length !== this.numberOfKeys) {
      throw new Error(`lua script ${this.name} takes ${this.numberOfKeys} keys, got ${keys.length}`);
    }
    try {
      return await redis.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  /** Loads the script ahead of time, e.g. at boot, on every master of a cluster, so the first call does not pay the round trip. */
  async load(redis: Redis): Promise<void> {
    const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
    for (const server of servers) {
      const loaded = await server.script('LOAD', this.source);
      if (loaded !== this.sha1) throw new Error(`lua script ${this.name}: server computed sha1 ${String(loaded)}, expected ${this.sha1}`);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
