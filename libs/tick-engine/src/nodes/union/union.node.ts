import type { ControlMessage, Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { decodeOptionalBigint, expectArray, member, SnapshotError } from '../../runtime/snapshot-codec';
import { decodeMessage, encodeMessage, groupTagNames, renamedPoint, type QueuedMessage } from '../multi-parent/message-codec';
import { parentIndexOf } from '../multi-parent/parent-stamp';
import { toGroupId } from '../../runtime/group-id';

/** A point's time, a batch's (its `tmax`) or a barrier's, which union orders by. */
function timeOf(message: QueuedMessage): bigint {
  if (message.kind === 'point') return message.point.time;
  return message.kind === 'batch' ? message.tmax : message.time;
}

/**
 * `a|union(b, c)` (`union.go`: `UnionNode`): the points (or batches) of every parent, unchanged
 * but for `.rename`, merged in time order. Each parent has a queue; a message is sent once every
 * parent has shown a time at least as late (the parent's low mark: the time at the head of its
 * queue, or of the last message it queued). Until every parent has sent something nothing is
 * sent, and a parent that goes quiet holds the others back, as in Kapacitor. Equal times go
 * parent by parent in Kapacitor's parent order (the arguments first, the node written before
 * `|union` last). The state spans groups: the queues and low marks are the whole node's.
 *
 * Kapacitor sends what is still queued when a task stops (`UnionNode.Finish`); a stream task
 * here never stops, so, like a replay whose input ends, what is queued stays queued.
 */
class UnionNode implements NodeRuntime {
  private queues: QueuedMessage[][];
  private lowMarks: (bigint | null)[];

  constructor(
    readonly name: string,
    private readonly parents: readonly number[],
    private readonly rename: string,
  ) {
    this.queues = parents.map(() => []);
    this.lowMarks = parents.map(() => null);
  }

  receive(message: Message, emit: Emit): void {
    const source = parentIndexOf(message, this.parents, this.name);
    (this.queues[source] as QueuedMessage[]).push(this.renamed(message));
    this.emitReady(emit);
  }

  /**
   * `UnionNode.Barrier`: a barrier is queued like a point of its time (not renamed) and goes on
   * in time order; a group deletion stops here (the multi-parent consumer drops it).
   */
  control(message: ControlMessage, emit: Emit): void {
    if (message.kind === 'deleteGroup') return;
    (this.queues[parentIndexOf(message, this.parents, this.name)] as QueuedMessage[]).push(message);
    this.emitReady(emit);
  }

  /** Kapacitor's `SetName` on the point or the batch's begin message (which recomputes the group id). */
  private renamed(message: Message): Message {
    if (this.rename === '') return message;
    if (message.kind === 'point') return renamedPoint(message, this.rename);
    const group = message.dimensions.byMeasurement ? toGroupId(this.rename, message.groupTags, groupTagNames(message.dimensions, message.groupTags), true) : message.group;
    return { kind: 'batch', name: this.rename, tmax: message.tmax, group, groupTags: message.groupTags, dimensions: message.dimensions, points: message.points };
  }

  /** `UnionNode.emitReady` without draining: send everything at or before the lowest mark, until nothing moves. */
  private emitReady(emit: Emit): void {
    for (;;) {
      const mark = this.lowestMark();
      if (mark === null) return;
      let emitted = false;
      for (const queue of this.queues) {
        let sent = 0;
        while (sent < queue.length && timeOf(queue[sent] as QueuedMessage) <= mark) {
          emit(queue[sent] as QueuedMessage);
          sent++;
        }
        if (sent > 0) {
          queue.splice(0, sent);
          emitted = true;
        }
      }
      if (!emitted) return;
    }
  }

  /** The lowest low mark after moving each to its queue's head; null while a parent has none. */
  private lowestMark(): bigint | null {
    let mark: bigint | null = null;
    let complete = true;
    this.queues.forEach((queue, index) => {
      const head = queue[0];
      if (head !== undefined) this.lowMarks[index] = timeOf(head);
      const low = this.lowMarks[index] ?? null;
      if (low === null) complete = false;
      else if (mark === null || low < mark) mark = low;
    });
    return complete ? mark : null;
  }

  snapshot(): unknown {
    return {
      queues: this.queues.map((queue) => queue.map(encodeMessage)),
      lowMarks: this.lowMarks.map((mark) => (mark === null ? null : mark.toString())),
    };
  }

  restore(state: unknown): void {
    const queues = expectArray(member(state, 'queues', this.name), 'union queues').map((queue) => expectArray(queue, 'union queue').map(decodeMessage));
    const lowMarks = expectArray(member(state, 'lowMarks', this.name), 'union low marks').map((mark) => decodeOptionalBigint(mark, 'union low mark'));
    if (queues.length !== this.parents.length || lowMarks.length !== this.parents.length) throw new SnapshotError(`${this.name}: the snapshot has another number of parents`);
    this.queues = queues;
    this.lowMarks = lowMarks;
  }
}

export const unionNodeBuilder: NodeBuilder = {
  type: 'union',
  build: (definition) => new UnionNode(definition.name, definition.node.parents, definition.string('rename')),
};
