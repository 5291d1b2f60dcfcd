/**
 * Where the task API reads what a task's `|httpOut('name')` node published, for
 * `GET /kapacitor/v1/tasks/<task>/<name>`: `vigil serve` from its evaluation's HttpOutResults,
 * ingest from the rows every evaluator publishes to Redis (each holds only its own groups).
 */
export interface TaskOutputsSource {
  /** The endpoint's JSON body, or undefined when the task does not run or has no such endpoint. */
  output(task: string, endpoint: string): Promise<string | undefined>;
}

/** The Nest token of the TaskOutputsSource. */
export const TASK_OUTPUTS = Symbol('TaskOutputsSource');
