import { goTruncate } from '../../runtime/go-time';
import { GroupStates } from '../../runtime/group-states';
import type { Message } from '../../runtime/message';
import type { Emit, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { expectNumber, member } from '../../runtime/snapshot-codec';

/**
 * `|sample(n)` keeps every n-th point of a group (the first, then n later...); `|sample(d)`
 * keeps points (or batches) whose time is an exact multiple of d (`sample.go`).
 */
class SampleNode implements NodeRuntime {
  private readonly counts = new GroupStates<number>();

  constructor(
    readonly name: string,
    private readonly count: number,
    private readonly duration: bigint,
  ) {}

  receive(message: Message, emit: Emit): void {
    const time = message.kind === 'point' ? message.point.time : message.tmax;
    if (this.keep(message.group, time)) emit(message);
  }

  private keep(group: string, time: bigint): boolean {
    if (this.duration !== 0n) return goTruncate(time, this.duration) === time;
    const seen = this.counts.get(group) ?? 0;
    this.counts.set(group, seen + 1);
    return seen % this.count === 0;
  }

  /** A group deletion (`|barrier().delete(TRUE)`): the group starts afresh with its next point. */
  forgetGroup(group: string): void {
    this.counts.delete(group);
  }

  /** Kapacitor's `working_cardinality`: the groups this node holds. */
  workingCardinality(): number {
    return this.counts.size;
  }

  snapshot(): unknown {
    return { groups: this.counts.snapshot((count) => count) };
  }

  restore(state: unknown): void {
    this.counts.restore(member(state, 'groups', this.name), (encoded) => expectNumber(encoded, 'sample count'));
  }
}

export const sampleNodeBuilder: NodeBuilder = {
  type: 'sample',
  build: (definition) => {
    const rate = definition.arg(0);
    const count = rate?.type === 'int' ? rate.value : 0n;
    const duration = rate?.type === 'duration' ? rate.ns : 0n;
    if (count <= 0n && duration <= 0n) definition.fail('invalid sample rate: must be positive integer or duration');
    return new SampleNode(definition.name, Number(count), duration);
  },
};
