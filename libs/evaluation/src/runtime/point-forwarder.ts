import type { Point } from '@vigil/core';
import { forwardRecordOf, type ForwardRecord } from '@vigil/topic-contract';
import { repartitionKeyFor } from '../placement/task-placement';
import type { TaskDefinition } from '../tasks/task-definition';
import { TaskPointFilter } from './task-instance';

/** A repartitioned task whose points this partition forwards, and the topic they go to. */
export interface ForwardedTask {
  readonly definition: TaskDefinition;
  readonly topic: string;
}

/**
 * Forwards the points a partition reads for its repartitioned tasks to their repartition
 * topics, keyed by the task's group and marked with the point's source position.
 */
export class PointForwarder {
  private readonly tasks: readonly { filter: TaskPointFilter; topic: string; definition: TaskDefinition }[];

  constructor(
    forwarded: readonly ForwardedTask[],
    private readonly topic: string,
    private readonly partition: number,
  ) {
    this.tasks = forwarded.map((entry) => ({ filter: new TaskPointFilter(entry.definition), topic: entry.topic, definition: entry.definition }));
  }

  get forwardsAny(): boolean {
    return this.tasks.length > 0;
  }

  /**
   * Adds to `forwards` a record of the point (the `index`th of the record at `offset`) for each
   * repartitioned task that reads it; returns how many line protocol cannot carry (NaN or
   * infinite floats), which are dropped.
   */
  forward(point: Point, offset: bigint, index: number, acceptedMs: number | undefined, forwards: ForwardRecord[]): number {
    let unforwardable = 0;
    for (const entry of this.tasks) {
      if (!entry.filter.reads(point) || entry.definition.placement.kind !== 'repartition') continue;
      try {
        const key = repartitionKeyFor(point, entry.definition.placement);
        forwards.push(forwardRecordOf(entry.topic, key, point, { topic: this.topic, partition: this.partition, offset, index }, acceptedMs));
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        unforwardable += 1;
      }
    }
    return unforwardable;
  }
}
