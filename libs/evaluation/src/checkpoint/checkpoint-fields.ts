import { SnapshotError } from '@vigil/tick-engine';
import type { SourcePosition } from '@vigil/topic-contract';

/** Field names of a stored partition checkpoint. */
export const CHECKPOINT_FIELDS = {
  format: 'format',
  /**
   * v1: every task field holds the task's whole snapshot. v2: a task that checkpoints by group
   * holds its task-level entry there, its groups in the section `groups:<task>` and its keys in
   * `keys:<task>`; other tasks still hold their whole snapshot. A v1 checkpoint loads, and its
   * next save writes v2.
   */
  formatVersion: 'vigil.partition-checkpoint.v2',
  /** Repartition topics: the last applied position per source partition, as JSON. */
  sources: 'sources',
  /** The section of the retry window: the identities of the partition's last points (runtime/retry-window.ts). */
  retryWindowSection: 'retry-window',
  taskPrefix: 'task:',
} as const;

/** The field holding one task's snapshot (JSON of TaskSnapshot) or task-level entry (TaskSharedEntry). */
export function taskField(task: string): string {
  return `${CHECKPOINT_FIELDS.taskPrefix}${task}`;
}

/** The section holding a task's groups: group id -> GroupEntry JSON. */
export function groupsSection(task: string): string {
  return `groups:${task}`;
}

/** The section holding a task's keys (alert topic states by id): `<node>:<key>` -> JSON. */
export function keysSection(task: string): string {
  return `keys:${task}`;
}

/** `{"topic:partition": ["offset", index], ...}` in source-name order, so equal states encode equally. */
export function encodeSourcePositions(sources: ReadonlyMap<string, SourcePosition>): string {
  const entries: Record<string, [string, number]> = {};
  for (const name of [...sources.keys()].sort()) {
    const position = sources.get(name) as SourcePosition;
    entries[name] = [position.offset.toString(), position.index];
  }
  return JSON.stringify(entries);
}

/** Reads the `sources` field; throws SnapshotError for anything else (the value came from Redis). */
export function decodeSourcePositions(text: string): Map<string, SourcePosition> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`checkpoint sources: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SnapshotError('checkpoint sources: expected an object');
  const positions = new Map<string, SourcePosition>();
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !/^\d+$/.test(value[0]) || !Number.isSafeInteger(value[1])) {
      throw new SnapshotError(`checkpoint sources: bad position for ${name}`);
    }
    positions.set(name, { offset: BigInt(value[0]), index: value[1] as number });
  }
  return positions;
}
