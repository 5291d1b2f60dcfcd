import type { AlertEvent, Point } from '@vigil/core';
import { createTask } from '@vigil/tick-engine';
import type { TaskDefinition } from '../tasks/task-definition';

/**
 * Runs a task from empty state over points in the given order, as `vigil replay` does (the
 * clock is the time of the last point), and returns its events. The reference every
 * distributed run of the same points must agree with, per alert id and in order.
 */
export function replayEvents(definition: TaskDefinition, points: Iterable<Point>): AlertEvent[] {
  const events: AlertEvent[] = [];
  let now = 0n;
  const task = createTask(definition.pipeline, {
    taskName: definition.name,
    now: () => now,
    emitEvent: (event) => events.push(event),
    emitPoint: () => undefined,
    log: () => undefined,
    publish: () => undefined,
  });
  for (const point of points) {
    now = point.time;
    task.write(point);
  }
  return events;
}

/** Events grouped by alert id, each list in emission order. */
export function eventsByAlertId<T>(events: Iterable<T>, idOf: (event: T) => string): Map<string, T[]> {
  const byId = new Map<string, T[]>();
  for (const event of events) {
    const id = idOf(event);
    const list = byId.get(id);
    if (list) list.push(event);
    else byId.set(id, [event]);
  }
  return byId;
}
