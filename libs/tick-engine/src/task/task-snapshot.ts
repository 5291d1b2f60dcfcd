import type { Pipeline } from '@vigil/tick-lang';
import { expectArray, expectRecord, expectString, member, SnapshotError } from '../runtime/snapshot-codec';

export const TASK_SNAPSHOT_FORMAT = 'vigil.task-snapshot.v1';

/** The state of one node of a task, named and typed so that a snapshot only fits its pipeline. */
export interface NodeSnapshot {
  readonly name: string;
  readonly type: string;
  /** The node's own JSON state (per-group states keyed by group id). */
  readonly state: unknown;
}

/**
 * A task's complete state as plain JSON: it survives `JSON.stringify`/`JSON.parse` unchanged
 * and, restored into a fresh task of the same pipeline, continues with identical results.
 */
export interface TaskSnapshot {
  readonly format: typeof TASK_SNAPSHOT_FORMAT;
  readonly task: string;
  readonly nodes: readonly NodeSnapshot[];
}

/**
 * Checks a snapshot (typically just read from a store) against the pipeline it is restored into
 * and returns the node states by node id. Throws SnapshotError on any mismatch.
 */
export function nodeStatesFor(pipeline: Pipeline, snapshot: unknown): unknown[] {
  const record = expectRecord(snapshot, 'task snapshot');
  if (record['format'] !== TASK_SNAPSHOT_FORMAT) throw new SnapshotError(`task snapshot: unknown format ${JSON.stringify(record['format'])}`);
  const nodes = expectArray(member(record, 'nodes', 'task snapshot'), 'task snapshot nodes');
  if (nodes.length !== pipeline.nodes.length) {
    throw new SnapshotError(`task snapshot has ${nodes.length} nodes, the pipeline ${pipeline.nodes.length}: it was taken from another script`);
  }
  return pipeline.nodes.map((node, i) => {
    const saved = nodes[i];
    const name = expectString(member(saved, 'name', 'node snapshot'), 'node name');
    const type = expectString(member(saved, 'type', 'node snapshot'), 'node type');
    if (name !== node.name || type !== node.type) {
      throw new SnapshotError(`task snapshot node ${i} is ${type} ${name}, the pipeline has ${node.type} ${node.name}: it was taken from another script`);
    }
    return member(saved, 'state', 'node snapshot');
  });
}
