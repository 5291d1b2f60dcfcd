import type { Level } from '@vigil/core';
import type { StepResult } from './step-result';
import type { TaskInstance } from './task-instance';

/** The tallies a StepResult reports, as StepCounts gives them. */
export type StepTallies = Pick<
  StepResult,
  'points' | 'pointsByTask' | 'refusedByTask' | 'eventsByLevel' | 'undecodable' | 'firstUndecodable' | 'repeats' | 'retried' | 'unforwardable' | 'skippedMessages'
>;

/** Tallies of one step. */
export class StepCounts {
  points = 0;
  repeats = 0;
  retried = 0;
  unforwardable = 0;
  skippedMessages = 0;
  private undecodableCount = 0;
  private firstUndecodable: { offset: bigint; reason: string } | undefined;
  private readonly pointsByTask = new Map<string, number>();
  private readonly refusedByTask = new Map<string, number>();
  private readonly eventsByLevel = new Map<Level, number>();

  addEvent(level: Level): void {
    this.eventsByLevel.set(level, (this.eventsByLevel.get(level) ?? 0) + 1);
  }

  undecodable(offset: bigint, count: number, reason: string): void {
    this.undecodableCount += count;
    this.firstUndecodable ??= { offset, reason };
  }

  /** Takes each task's points of the step and its new group-limit refusals (the engine's count is cumulative). */
  takeTaskCounts(instances: readonly TaskInstance[]): void {
    for (const instance of instances) {
      if (instance.stepPoints > 0) this.pointsByTask.set(instance.name, instance.stepPoints);
      instance.stepPoints = 0;
      const refused = instance.task.incremental?.refused ?? 0;
      if (refused > instance.refusedSeen) this.refusedByTask.set(instance.name, refused - instance.refusedSeen);
      instance.refusedSeen = refused;
    }
  }

  tallies(): StepTallies {
    return {
      points: this.points,
      pointsByTask: this.pointsByTask,
      refusedByTask: this.refusedByTask,
      eventsByLevel: this.eventsByLevel,
      undecodable: this.undecodableCount,
      ...(this.firstUndecodable ? { firstUndecodable: this.firstUndecodable } : {}),
      repeats: this.repeats,
      retried: this.retried,
      unforwardable: this.unforwardable,
      skippedMessages: this.skippedMessages,
    };
  }
}
