import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

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

function passThroughSource(type: 'batch' | 'query' | 'promQL'): NodeBuilder {
  return { type, build: (definition) => new PassThroughSource(definition.name) };
}

/** `batch`, `query()` and vigil's `promQL()`: the sources of a batch task. */
export const batchSourceBuilders: readonly NodeBuilder[] = [passThroughSource('batch'), passThroughSource('query'), passThroughSource('promQL')];
