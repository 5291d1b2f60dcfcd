import type { PipelineNode } from '@vigil/tick-lang';
import { findNodeSpec } from '@vigil/tick-lang';
import type { Message } from '../../runtime/message';
import type { Emit, NodeFactory, NodeRuntime } from '../../runtime/node-runtime';

/** The shape of a NodeRegistration (node-registry.ts), declared here so that nothing imports back. */
interface SourceRegistration {
  readonly type: string;
  readonly summary: string;
  readonly factory: NodeFactory;
}

/**
 * A batch task's source and its scheduled queries. The engine runs no query itself (it has no
 * clock and no network): the host runs each query on its schedule (@vigil/evaluation's batch
 * runtime) and hands every batch of the answer to `Task.writeBatch(node, batch)`, which passes
 * it to this node's children, as Kapacitor's `QueryNode.doQuery` collects the batches of
 * `edge.ResultToBufferedBatches` on its output edge. The nodes keep no state; the schedule's
 * state (last and next run) belongs to the host, which checkpoints it beside the task's.
 *
 * The catalog entry (tick-lang's `batch-nodes.catalog.ts`) declares and validates the
 * properties; this file only builds.
 */
class PassThroughSource implements NodeRuntime {
  constructor(readonly name: string) {}

  receive(message: Message, emit: Emit): void {
    emit(message);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

function registration(type: 'batch' | 'query' | 'promQL'): SourceRegistration {
  const spec = findNodeSpec(type);
  if (!spec) throw new Error(`tick-lang's catalog has no ${type} node`);
  return { type, summary: spec.doc, factory: (node: PipelineNode) => new PassThroughSource(node.name) };
}

/** `batch`, `query()` and vigil's `promQL()`: the sources of a batch task. */
export const batchSourceRegistrations: readonly SourceRegistration[] = [registration('batch'), registration('query'), registration('promQL')];
