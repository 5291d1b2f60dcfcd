import { hostname } from 'node:os';
import type { IngressCount } from './ingress-counts';

/** One statistic of Kapacitor's `kapacitor` expvar map (`server/vars/stats.go`, `NewStatistic`). */
export interface Statistic {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, number>>;
}

/** Kapacitor's `/kapacitor/v1/debug/vars`, as `client.DebugVars` reads it. */
export interface DebugVars {
  readonly cluster_id: string;
  readonly server_id: string;
  readonly host: string;
  readonly product: string;
  readonly version: string;
  readonly platform: string;
  readonly num_tasks: number;
  readonly num_enabled_tasks: number;
  readonly num_subscriptions: number;
  readonly kapacitor: Readonly<Record<string, Statistic>>;
  readonly memstats: Readonly<Record<string, number>>;
}

/** What a mode tells about itself for the expvar document. */
export interface DebugVarsFacts {
  readonly clusterId: string;
  readonly serverId: string;
  readonly tasks: number;
  readonly enabledTasks: number;
  readonly ingress: readonly IngressCount[];
  /** vigil's own counters as further statistics, keyed by a stable name. */
  readonly statistics?: Readonly<Record<string, Statistic>>;
}

/**
 * The expvar document Kapacitor's `serveExpvar` writes, with vigil's figures: the ids, the task
 * counts, no InfluxDB subscriptions (vigil subscribes to none), one `ingress` statistic per
 * database, retention policy and measurement with `points_received` and `task_master: main`
 * (what `kapacitor stats ingress` selects), and Node's memory figures where Kapacitor has Go's.
 * Keys of the `kapacitor` map are stable names where Kapacitor uses random UUIDs; clients read
 * only the values.
 */
export function debugVars(facts: DebugVarsFacts, version: string): DebugVars {
  const host = hostname();
  const ids = { cluster_id: facts.clusterId, server_id: facts.serverId, host };
  const kapacitor: Record<string, Statistic> = { ...facts.statistics };
  for (const count of facts.ingress) {
    kapacitor[`ingress:${count.database}.${count.retentionPolicy}.${count.measurement}`] = {
      name: 'ingress',
      tags: { task_master: 'main', database: count.database, retention_policy: count.retentionPolicy, measurement: count.measurement, ...ids },
      values: { points_received: count.pointsReceived },
    };
  }
  const memory = process.memoryUsage();
  return {
    ...ids,
    product: 'vigil',
    version,
    platform: 'vigil',
    num_tasks: facts.tasks,
    num_enabled_tasks: facts.enabledTasks,
    num_subscriptions: 0,
    kapacitor,
    memstats: { rss: memory.rss, heapTotal: memory.heapTotal, heapUsed: memory.heapUsed, external: memory.external },
  };
}
