import type { Pipeline } from '@vigil/tick-lang';
import type { NodeSnapshot } from './task-snapshot';
import { expectNumber, expectRecord, member, SnapshotError } from '../runtime/snapshot-codec';
import { nodeStatesFor, TASK_SNAPSHOT_FORMAT } from './task-snapshot';

export const TASK_ENTRIES_FORMAT = 'vigil.task-entries.v1';

/**
 * The task-level entry of an incremental checkpoint: each node's shared state (what is not per
 * group), the creation sequence number the next group gets, and how many groups the task holds
 * in memory and in the store together. Small: it is written whole with every save.
 */
export interface TaskSharedEntry {
  readonly format: typeof TASK_ENTRIES_FORMAT;
  readonly task: string;
  readonly nodes: readonly NodeSnapshot[];
  readonly seq: number;
  readonly groups: number;
}

/**
 * One group's entry: its creation sequence number (groups come back in creation order, the
 * order Kapacitor created them in) and, by node name, the state of each node holding one.
 */
export interface GroupEntry {
  readonly seq: number;
  readonly nodes: Readonly<Record<string, unknown>>;
}

/** What a step changed, to be saved together with the offset. */
export interface TaskDelta {
  /** The delta is the task's whole state: what the store holds for the task is dropped first. */
  readonly replace: boolean;
  readonly shared: TaskSharedEntry;
  /** Groups changed (their entry) or expired (undefined). */
  readonly groups: ReadonlyMap<string, GroupEntry | undefined>;
  /** Keys (`<node>:<key>`) whose state changed. */
  readonly keys: ReadonlyMap<string, unknown>;
}

/** Checks a task-level entry against the pipeline; returns the node states by node id. */
export function parseSharedEntry(pipeline: Pipeline, value: unknown): { nodes: unknown[]; seq: number; groups: number } {
  const record = expectRecord(value, 'task entry');
  if (record['format'] !== TASK_ENTRIES_FORMAT) throw new SnapshotError(`task entry: unknown format ${JSON.stringify(record['format'])}`);
  const nodes = nodeStatesFor(pipeline, { format: TASK_SNAPSHOT_FORMAT, nodes: member(record, 'nodes', 'task entry') });
  const seq = expectNumber(record['seq'], 'task entry seq');
  const groups = expectNumber(record['groups'], 'task entry groups');
  return { nodes, seq, groups };
}

/** Checks a group entry read from a store. */
export function parseGroupEntry(value: unknown, group: string): GroupEntry {
  const record = expectRecord(value, `group ${group}`);
  const seq = expectNumber(record['seq'], `group ${group} seq`);
  return { seq, nodes: expectRecord(record['nodes'], `group ${group} nodes`) };
}
