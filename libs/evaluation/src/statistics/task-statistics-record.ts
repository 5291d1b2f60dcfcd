import type { AlertCounts, NodeStatistics } from '@vigil/tick-engine';
import { sumNodeStatistics } from './node-statistics-sum';

/**
 * One evaluator's figures of one task as it publishes them for ingest's task API (Redis,
 * `RedisTaskStatistics`): when they were taken (wall clock, ms) and the nodes' figures.
 */
export interface TaskStatisticsRecord {
  readonly atMs: number;
  readonly nodes: readonly NodeStatistics[];
}

/**
 * How long a published record counts: three of the longest publish interval an evaluator may
 * have (EVALUATOR_STATS_INTERVAL_MS is at most 10 s), so one late publish does not drop it.
 */
export const TASK_STATISTICS_FRESH_MS = 30_000;

/**
 * The Redis key prefix of a deployment's published task statistics. It is named after the tasks
 * topic, which the evaluators and ingest of one deployment share (TASKS_TOPIC), so two
 * deployments on one Redis never add up each other's figures.
 */
export function taskStatisticsKeyPrefix(tasksTopic: string): string {
  return `vigil:task-stats:${tasksTopic}`;
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
    // Published by evaluators since working_cardinality was counted; an older one's shows 0.
    workingCardinality: node['workingCardinality'] === undefined ? 0 : count(node, 'workingCardinality', where),
  };
  if (node['alerts'] === undefined) return figures;
  const alerts = objectOf(node['alerts'], `${where}.alerts`);
  const levels: AlertCounts = {
    triggered: count(alerts, 'triggered', where),
    inhibited: count(alerts, 'inhibited', where),
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

/**
 * The figures of one task over the evaluators that published it, summed (sumNodeStatistics):
 * only records taken within `staleMs` of `nowMs` count, so an evaluator that stopped drops out,
 * and a record that cannot be read is left out. Undefined when none counts.
 */
export function summedStatistics(records: Iterable<string>, nowMs: number, staleMs: number): NodeStatistics[] | undefined {
  const lists: (readonly NodeStatistics[])[] = [];
  for (const text of records) {
    try {
      const record = decodeTaskStatisticsRecord(text);
      if (nowMs - record.atMs <= staleMs) lists.push(record.nodes);
    } catch {
      // Written by another version of vigil: not figures this reader can add up.
    }
  }
  return lists.length === 0 ? undefined : sumNodeStatistics(lists);
}
