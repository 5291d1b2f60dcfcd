/** The clock that dates task changes (created, modified, last-enabled); injected so tests can fix it. */
export type TaskClock = () => Date;

/** The Nest token of the TaskClock. */
export const TASK_CLOCK = Symbol('TaskClock');
