import { HttpOutResults, httpOutEndpointsOf, type HttpOutPublish, type HttpOutRow, type TaskDefinition } from '@vigil/evaluation';

/**
 * This evaluator's `httpOut` results, one HttpOutResults per scope: each owned partition (its rows
 * go when the partition is revoked, so that a group the next owner deletes does not come back
 * from here) and the batch tasks. `rows` gathers them by task and endpoint for the publisher, which
 * puts them where ingest merges every evaluator's (docs/control-plane.md, "httpOut").
 */
export class EvaluatorHttpOut {
  private readonly scopes = new Map<string, HttpOutResults>();
  private definitions: readonly TaskDefinition[] = [];

  /** `nowMs` dates the rows: when a group first came and when its row was last replaced. */
  constructor(private readonly nowMs: () => number) {}

  /** The tasks this evaluator runs now, stream and batch: every scope keeps only theirs. */
  retain(definitions: readonly TaskDefinition[]): void {
    this.definitions = definitions;
    for (const results of this.scopes.values()) results.retain(definitions);
  }

  /** Where the `httpOut` nodes of one scope's tasks publish. */
  publisherFor(scope: string): HttpOutPublish {
    return (task, endpoint, group, message) => this.scope(scope).publish(task, endpoint, group, message);
  }

  /** Forgets a scope's rows (a revoked partition; the batch tasks' when partition 0 goes). */
  drop(scope: string): void {
    this.scopes.delete(scope);
  }

  /**
   * Per task this evaluator runs, each of its endpoints with the rows of every scope, first-seen
   * first: an endpoint without rows still says the task runs here and has it.
   */
  rows(): Map<string, Map<string, HttpOutRow[]>> {
    const tasks = new Map<string, Map<string, HttpOutRow[]>>();
    for (const definition of this.definitions) tasks.set(definition.name, new Map(httpOutEndpointsOf(definition).map((endpoint) => [endpoint, []])));
    for (const results of this.scopes.values()) {
      for (const [task, endpoints] of results.rows()) {
        for (const [endpoint, rows] of endpoints) tasks.get(task)?.get(endpoint)?.push(...rows);
      }
    }
    for (const endpoints of tasks.values()) for (const rows of endpoints.values()) rows.sort((a, b) => a.firstMs - b.firstMs);
    return tasks;
  }

  private scope(name: string): HttpOutResults {
    let results = this.scopes.get(name);
    if (results === undefined) {
      results = new HttpOutResults(this.nowMs);
      results.retain(this.definitions);
      this.scopes.set(name, results);
    }
    return results;
  }
}
