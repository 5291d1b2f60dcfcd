/**
 * Where the task API reads what a task's `|httpOut('name')` node published, for
 * `GET /kapacitor/v1/tasks/<task>/<name>`: `vigil serve` from its evaluation's HttpOutResults.
 * The distributed mode gives none (each evaluator holds only its own groups), so there the
 * route answers 404 as for an endpoint that does not exist.
 */
export interface TaskOutputsSource {
  /** The endpoint's JSON body, or undefined when the task does not run or has no such endpoint. */
  output(task: string, endpoint: string): string | undefined;
}

/** The Nest token of the TaskOutputsSource. */
export const TASK_OUTPUTS = Symbol('TaskOutputsSource');
