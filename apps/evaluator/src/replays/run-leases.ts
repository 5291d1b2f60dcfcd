import type { Logger } from '@vigil/observability';
import type { Redis } from '@vigil/redis';
import { RUN_LEASE_REFRESH_MS, RUN_LEASE_TTL_MS } from '@vigil/topic-contract';

/** Where leases are kept: Redis keys with a time to live. */
export interface LeaseStore {
  /** Sets (or renews) each key to live `ttlMs` more. */
  hold(keys: readonly string[], ttlMs: number): Promise<void>;
}

/** Leases as Redis keys, `SET key owner PX ttl`, one key a command (for Redis Cluster). */
export function redisLeaseStore(redis: Redis, owner: string): LeaseStore {
  return { hold: async (keys, ttlMs) => void (await Promise.all(keys.map((key) => redis.set(key, owner, 'PX', ttlMs)))) };
}

/**
 * The leases of the runs this evaluator took and has not ended: each set when taken, renewed
 * every RUN_LEASE_REFRESH_MS while held. At the run's end the lease is renewed a last time and
 * left to lapse rather than deleted: an ingest that has not read the run's end record yet would
 * otherwise take the run for crashed and write it failed over its end. A renewal that fails is
 * logged and tried again at the next; a lease let lapse makes ingest write the run failed.
 */
export class RunLeases {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly logger: Logger,
    private readonly ttlMs = RUN_LEASE_TTL_MS,
    private readonly refreshMs = RUN_LEASE_REFRESH_MS,
  ) {}

  /** Holds the lease of a run just taken; throws when the store refused it, so the run is not taken. */
  async begin(key: string): Promise<void> {
    await this.store.hold([key], this.ttlMs);
    this.held.add(key);
    this.timer ??= setInterval(() => void this.renew(), this.refreshMs).unref();
  }

  /** Lets go of a run's lease once its end is written: renewed once more, then left to lapse. */
  async end(key: string): Promise<void> {
    this.held.delete(key);
    if (this.held.size === 0) this.stopRenewing();
    await this.store.hold([key], this.ttlMs).catch((error: unknown) => this.logger.warn({ lease: key, err: error }, 'a run lease could not be renewed at its end; it lapses by itself'));
  }

  /** The keys held now, in the order taken. */
  keys(): readonly string[] {
    return [...this.held];
  }

  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.store.hold([...this.held], this.ttlMs).catch((error: unknown) => this.logger.warn({ leases: this.held.size, err: error }, 'run leases could not be renewed; trying again at the next renewal'));
  }

  stopRenewing(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
