import type { Point } from '@vigil/core';

/** The seed's provider-health task (seeds/000), read by the evaluator from TASKS_DIR; one shared copy. */
export { PROVIDER_HEALTH_TICK, providerHealthTickPostingTo } from '@vigil/testing';

/** Ingest's partition key configuration for these points. */
export const PROVIDER_KEYS = 'performance_influx=nome_recurso,nome_provedor;*=host';

/** mulberry32: a reproducible stream of numbers in [0, 1) from a seed. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ProviderPointsOptions {
  readonly count: number;
  readonly resources: number;
  readonly providers: number;
  readonly seed: number;
  /** Chance that a group flips between failing and healthy before a point; default 0.05. */
  readonly flip?: number;
}

/**
 * Provider-health points over resources x providers groups, 1 ms of point time apart; each group
 * fails in runs, so CRITICAL and INFO events come and go. `group(i)` may pin point i to a group
 * (resource, provider), otherwise groups are drawn at random.
 */
export function providerPoints(options: ProviderPointsOptions, group?: (i: number) => { resource: number; provider: number }): Point[] {
  const random = randomSource(options.seed);
  const flip = options.flip ?? 0.05;
  const failing = new Map<string, boolean>();
  const points: Point[] = [];
  const start = 1_684_713_065_000_000_000n;
  for (let i = 0; i < options.count; i++) {
    const pinned = group?.(i);
    const resource = `r${pinned ? pinned.resource : Math.floor(random() * options.resources)}`;
    const provider = `p${pinned ? pinned.provider : Math.floor(random() * options.providers)}`;
    const key = `${resource}/${provider}`;
    if (random() < flip) failing.set(key, !(failing.get(key) ?? false));
    const ok = !(failing.get(key) ?? false);
    points.push({
      database: 'vigil',
      retentionPolicy: 'autogen',
      name: 'performance_influx',
      tags: { nome_recurso: resource, nome_provedor: provider },
      fields: { latencia: Math.round(random() * 300), sucesso: ok ? 1n : 0n },
      time: start + BigInt(i) * 1_000_000n,
    });
  }
  return points;
}
