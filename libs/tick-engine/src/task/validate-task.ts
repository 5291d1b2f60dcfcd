import type { Pipeline } from '@vigil/tick-lang';
import { createTask } from './task';
import type { NodeRegistry } from '../nodes/node-registry';

/**
 * Builds a task without running it, as `kapacitor define` would: unknown nodes, node properties,
 * lambdas, templates and handler options are checked. Throws the first problem found.
 */
export function validateTask(pipeline: Pipeline, taskName: string, registry?: NodeRegistry): void {
  const task = createTask(pipeline, {
    taskName,
    now: () => 0n,
    emitEvent: () => undefined,
    emitPoint: () => undefined,
    log: () => undefined,
    publish: () => undefined,
    ...(registry ? { registry } : {}),
  });
  // Built only to be checked: what its nodes registered (sideload sources) is let go.
  task.close();
}
