import type { Redis } from '../redis-client.factory';
import type { DeliveryLedger, HandlerKey, Settlement } from '@vigil/delivery';
import { LuaScript } from '../lua-script';
import { OneTurnCommands } from './one-turn-commands';

/** A week: long past any retry window, short enough that the ledger does not grow without bound. */
export const DEFAULT_DELIVERY_LEDGER_TTL_SECONDS = 7 * 24 * 60 * 60;

const DELIVERED: Settlement = 'delivered';
const DEAD: Settlement = 'dead';

/**
 * Deletes KEYS[1] only while it holds `dead`; returns 1 when it did. A compare-and-delete has to
 * run on the server in one step: a notifier could mark the pair delivered between a GET and a DEL.
 */
const TAKE_DEAD = new LuaScript(
  'take-dead-delivery',
  `if redis.call('GET', KEYS[1]) == '${DEAD}' then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`,
  1,
);

export interface RedisDeliveryLedgerOptions {
  readonly redis: Redis;
  /** Prepended as is (include the separator, e.g. `vigil:`), so deployments and tests sharing a Redis stay apart. */
  readonly keyPrefix: string;
  /** How long a settlement is remembered; default 7 days. */
  readonly ttlSeconds?: number;
}

/**
 * The delivery ledger in Redis: one string per settled (event id, handler key) pair at
 * `<prefix>delivery:<eventId>:<handlerKey>`, holding `delivered` or `dead`, with a TTL. Every
 * notifier replica shares it, so a pair settled anywhere is skipped everywhere; `vigil dlq replay`
 * only reads it (a replayed record is delivered to dead pairs and skipped once delivered).
 */
export class RedisDeliveryLedger implements DeliveryLedger {
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private readonly ttlSeconds: number;
  /** The GETs and SETs of a burst, gathered per turn of the event loop when the connection auto-pipelines. */
  private readonly oneTurn: OneTurnCommands | undefined;

  constructor(options: RedisDeliveryLedgerOptions) {
    const ttl = options.ttlSeconds ?? DEFAULT_DELIVERY_LEDGER_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`delivery ledger ttlSeconds must be a positive integer, got ${ttl}`);
    this.redis = options.redis;
    this.keyPrefix = options.keyPrefix;
    this.ttlSeconds = ttl;
    this.oneTurn = options.redis.options.enableAutoPipelining === true ? new OneTurnCommands() : undefined;
  }

  keyOf(eventId: string, key: HandlerKey): string {
    return `${this.keyPrefix}delivery:${eventId}:${key}`;
  }

  /** Loads the compare-and-delete script (clearDead, takeDead) ahead of its first use. */
  async prepare(): Promise<void> {
    await TAKE_DEAD.load(this.redis);
  }

  async settlement(eventId: string, key: HandlerKey): Promise<Settlement | undefined> {
    const redisKey = this.keyOf(eventId, key);
    const value = await (this.oneTurn ? this.oneTurn.run(() => this.redis.get(redisKey)) : this.redis.get(redisKey));
    if (value === null) return undefined;
    if (value === DELIVERED || value === DEAD) return value;
    throw new Error(`delivery ledger key ${this.keyOf(eventId, key)} holds ${JSON.stringify(value)}, expected "delivered" or "dead"`);
  }

  /** Unconditional: a delivery that succeeded is a fact, even after a dead mark (e.g. a replay won). */
  async markDelivered(eventId: string, key: HandlerKey): Promise<void> {
    const redisKey = this.keyOf(eventId, key);
    await (this.oneTurn ? this.oneTurn.run(() => this.redis.set(redisKey, DELIVERED, 'EX', this.ttlSeconds)) : this.redis.set(redisKey, DELIVERED, 'EX', this.ttlSeconds));
  }

  /**
   * NX: a pair already delivered stays delivered (another replica or a replay got it through),
   * and a pair already dead keeps its first mark.
   */
  async markDead(eventId: string, key: HandlerKey): Promise<void> {
    await this.redis.set(this.keyOf(eventId, key), DEAD, 'EX', this.ttlSeconds, 'NX');
  }

  async clearDead(eventId: string, key: HandlerKey): Promise<void> {
    await this.takeDead(eventId, key);
  }

  /**
   * Forgets a dead pair and says whether it was dead, in one step on the server, so that of two
   * callers racing on one pair only one gets `true` and a delivery marked meanwhile is kept.
   */
  async takeDead(eventId: string, key: HandlerKey): Promise<boolean> {
    return (await TAKE_DEAD.run(this.redis, [this.keyOf(eventId, key)])) === 1;
  }
}
