import type { PipelineNode } from '../pipeline';
import type { NodeSpec, ValidationProblem } from './catalog-types';
import { lastCall } from './node-validators';
import { duration, valueProperty } from './spec-builders';

/**
 * `|barrier()` (`pipeline/barrier.go`). Its properties are plain fields in Kapacitor, set by
 * reflection: `.delete(TRUE)` takes a bool, and `|delete()` after a barrier is still the delete node.
 */
export const BARRIER_NODE: NodeSpec = {
  name: 'barrier',
  kapacitorName: 'barrier',
  category: 'transform',
  args: [],
  wants: 'any',
  provides: 'same',
  validate: validateBarrier,
  doc:
    'Tells the nodes after it that a group will send nothing older, so that they act without waiting ' +
    'for its next point: a window emits, a join or union stops waiting for that parent. With `.idle(d)` ' +
    'a group that has been quiet for `d` of the clock gets a barrier at the time of its last point plus ' +
    '`d` (then again every `d` while it stays quiet); with `.period(d)` every group gets one every `d` ' +
    'of the clock, at the clock\'s time. The clock is the wall clock in `vigil serve` and the evaluator, ' +
    'and the time of the latest point in `vigil replay`. A point older than the last barrier of its ' +
    'group is dropped. `.delete(TRUE)` deletes the group after each barrier, in this node and every ' +
    'node after it, so its state is freed until its next point. Example: ' +
    '`|barrier().idle(5s)|window().period(10s).every(5s)|top(10, \'value\')`.',
  properties: [
    valueProperty('idle', 'duration', 'Send a barrier when the group has been quiet this long (greater than zero; not with `period`).', duration(0)),
    valueProperty('period', 'duration', 'Send a barrier to every group this often (greater than zero; not with `idle`).', duration(0)),
    { ...valueProperty('delete', 'bool', 'Delete the group after each of its barriers. Default: FALSE.'), default: { type: 'bool', value: false } },
  ],
};

function durationOf(node: PipelineNode, name: string): bigint {
  const value = lastCall(node, name)?.args[0];
  return value?.type === 'duration' ? value.ns : 0n;
}

/** `BarrierNode.validate`, with its messages, at the offending call. */
function validateBarrier(node: PipelineNode): ValidationProblem[] {
  const idle = durationOf(node, 'idle');
  const period = durationOf(node, 'period');
  const idleAt = lastCall(node, 'idle')?.pos ?? node.pos;
  const periodAt = lastCall(node, 'period')?.pos ?? node.pos;
  if (idle !== 0n && period !== 0n) return [{ message: 'cannot specify both idle and period', pos: periodAt.offset > idleAt.offset ? periodAt : idleAt }];
  if (period === 0n && idle <= 0n) return [{ message: 'idle must be greater than zero', pos: idleAt }];
  if (period <= 0n && idle === 0n) return [{ message: 'period must be greater than zero', pos: periodAt }];
  return [];
}
