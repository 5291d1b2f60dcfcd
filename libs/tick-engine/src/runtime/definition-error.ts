import type { Position } from '@vigil/tick-lang';

/**
 * A task that cannot be built as written: an unknown node, a bad property or argument. Carries
 * the script position so that `vigil check` and task definition can report line:column, as
 * `kapacitor define` does.
 */
export class TaskDefinitionError extends Error {
  override readonly name = 'TaskDefinitionError';

  constructor(
    readonly pos: Position,
    readonly node: string,
    readonly reason: string,
  ) {
    super(`${pos.line}:${pos.column}: ${node}: ${reason}`);
  }
}
