import { PROVIDER_HEALTH_TICK, type Point } from '@vigil/core';
import { formatPoint } from '@vigil/line-protocol';
import { defineTasks, type TaskDefinition } from '../tasks/task-definition';
import { parsePartitionKeys, type PartitionKeys, POINT_HEADERS } from '@vigil/topic-contract';
import type { InputMessage } from '../decode/message-decoder';

export const SEED_KEYS: PartitionKeys = parsePartitionKeys('performance_influx=nome_recurso,nome_provedor;*=host');

export function seedTasks(keys: PartitionKeys = SEED_KEYS): TaskDefinition[] {
  return defineTasks([{ name: 'provider_health', script: PROVIDER_HEALTH_TICK }], keys);
}

/** A small deterministic PRNG (mulberry32), so generated streams are reproducible from a seed. */
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

/**
 * Provider-health points over `resources` x `providers` groups, one every 10 ms of point time,
 * failing in runs so that CRITICAL and INFO events happen often.
 */
export function providerPoints(count: number, resources: number, providers: number, seed: number): Point[] {
  const random = randomSource(seed);
  const failing = new Map<string, boolean>();
  const points: Point[] = [];
  const start = 1_684_713_065_000_000_000n;
  for (let i = 0; i < count; i++) {
    const resource = `r${Math.floor(random() * resources)}`;
    const provider = `p${Math.floor(random() * providers)}`;
    const group = `${resource}/${provider}`;
    if (random() < 0.3) failing.set(group, !(failing.get(group) ?? false));
    const ok = !(failing.get(group) ?? false);
    points.push({
      database: 'vigil',
      retentionPolicy: 'autogen',
      name: 'performance_influx',
      tags: { nome_recurso: resource, nome_provedor: provider },
      fields: { latencia: Math.round(random() * 300), sucesso: ok ? 1n : 0n },
      time: start + BigInt(i) * 10_000_000n,
    });
  }
  return points;
}

/** Records holding the given points as line protocol, `perRecord` lines each, from offset `first`. */
export function lineRecords(points: readonly Point[], perRecord = 1, first = 0n, headers: Record<string, string> = { [POINT_HEADERS.database]: 'vigil', [POINT_HEADERS.retentionPolicy]: 'autogen' }): InputMessage[] {
  const records: InputMessage[] = [];
  for (let i = 0; i < points.length; i += perRecord) {
    const text = points
      .slice(i, i + perRecord)
      .map((point) => formatPoint(point))
      .join('\n');
    records.push({ offset: (first + BigInt(records.length)).toString(), value: Buffer.from(text), headers, timestampMs: 0 });
  }
  return records;
}
