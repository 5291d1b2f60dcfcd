import { hostname } from 'node:os';
import type { RunbookContext } from './runbook-context';

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

export interface TaskCounts {
  readonly tasks: number;
  readonly enabled: number;
}

/**
 * The expvar document Kapacitor's `serveExpvar` writes, with vigil's figures: the data folder's
 * ids, the task counts, no InfluxDB subscriptions (vigil subscribes to none), one `ingress`
 * statistic per database, retention policy and measurement with `points_received` and
 * `task_master: main` (what `kapacitor stats ingress` selects), and Node's memory figures where
 * Kapacitor has Go's. Keys of the `kapacitor` map are stable names where Kapacitor uses random
 * UUIDs; clients read only the values.
 */
export function debugVars(context: RunbookContext, tasks: TaskCounts, version: string): DebugVars {
  const host = hostname();
  const ids = { cluster_id: context.ids.clusterId, server_id: context.ids.serverId, host };
  const kapacitor: Record<string, Statistic> = {};
  for (const count of context.ingress.list()) {
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
    num_tasks: tasks.tasks,
    num_enabled_tasks: tasks.enabled,
    num_subscriptions: 0,
    kapacitor,
    memstats: { rss: memory.rss, heapTotal: memory.heapTotal, heapUsed: memory.heapUsed, external: memory.external },
  };
}
