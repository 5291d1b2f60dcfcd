import type { AlertCounts, NodeStatistics } from '@vigil/tick-engine';

/**
 * One evaluator's figures of one task as it publishes them for ingest's task API (Redis,
 * `RedisTaskStatistics`): when they were taken (wall clock, ms) and the nodes' figures.
 */
export interface TaskStatisticsRecord {
  readonly atMs: number;
  readonly nodes: readonly NodeStatistics[];
}

export class TaskStatisticsRecordError extends Error {
  constructor(message: string) {
    super(`task statistics record: ${message}`);
    this.name = 'TaskStatisticsRecordError';
  }
}

export function encodeTaskStatisticsRecord(record: TaskStatisticsRecord): string {
  return JSON.stringify(record);
}

/** Reads a record another process wrote; throws TaskStatisticsRecordError naming what is wrong. */
export function decodeTaskStatisticsRecord(text: string): TaskStatisticsRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TaskStatisticsRecordError('not JSON');
  }
  const record = objectOf(value, 'record');
  const nodes = record['nodes'];
  if (!Array.isArray(nodes)) throw new TaskStatisticsRecordError('nodes is not a list');
  return { atMs: count(record, 'atMs', 'record'), nodes: nodes.map((node: unknown, index) => nodeOf(node, `nodes[${index}]`)) };
}

function nodeOf(value: unknown, where: string): NodeStatistics {
  const node = objectOf(value, where);
  const name = node['node'];
  const type = node['type'];
  if (typeof name !== 'string' || typeof type !== 'string') throw new TaskStatisticsRecordError(`${where}: node and type must be strings`);
  const figures = {
    node: name,
    type,
    collected: count(node, 'collected', where),
    emitted: count(node, 'emitted', where),
    processed: count(node, 'processed', where),
    errors: count(node, 'errors', where),
    avgExecTimeNs: count(node, 'avgExecTimeNs', where),
  };
  if (node['alerts'] === undefined) return figures;
  const alerts = objectOf(node['alerts'], `${where}.alerts`);
  const levels: AlertCounts = {
    triggered: count(alerts, 'triggered', where),
    ok: count(alerts, 'ok', where),
    info: count(alerts, 'info', where),
    warning: count(alerts, 'warning', where),
    critical: count(alerts, 'critical', where),
  };
  return { ...figures, alerts: levels };
}

function objectOf(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TaskStatisticsRecordError(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function count(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TaskStatisticsRecordError(`${where}.${key} must be a number of 0 or more`);
  return value;
}
