import { encodeSeriesRow } from '@vigil/core';
import { batchSeries, type Message, pointSeries } from '@vigil/tick-engine';
import type { TaskDefinition } from '../tasks/task-definition';
import { fingerprintOf } from '../statistics/task-statistics-book';

/** One running task's `httpOut` endpoints: the latest message of each group, by endpoint name. */
interface TaskResults {
  readonly fingerprint: string;
  readonly endpoints: Map<string, Map<string, Message>>;
}

/**
 * What the tasks' `|httpOut('name')` nodes publish, for `GET /kapacitor/v1/tasks/<task>/<name>`:
 * the latest message of every group, by task and endpoint. Kept in memory only, as Kapacitor's
 * HTTPOutNode keeps its result: after a restart an endpoint is empty until its groups pass again.
 * Groups keep the order they first appeared in, the order of Kapacitor's result series.
 */
export class HttpOutResults {
  private readonly tasks = new Map<string, TaskResults>();

  /**
   * The tasks that run now: each one's endpoints answer (empty until data passes); a task not
   * listed (disabled, deleted) loses its results, and so does one whose pipeline changed, as
   * Kapacitor's redefined task starts with a new node.
   */
  retain(definitions: readonly TaskDefinition[]): void {
    const running = new Map(definitions.map((definition) => [definition.name, definition]));
    for (const name of [...this.tasks.keys()]) if (!running.has(name)) this.tasks.delete(name);
    for (const definition of definitions) {
      const fingerprint = fingerprintOf(definition.pipeline);
      if (this.tasks.get(definition.name)?.fingerprint === fingerprint) continue;
      const endpoints = new Map<string, Map<string, Message>>();
      for (const node of definition.pipeline.nodes) {
        const name = node.args[0];
        if (node.type === 'httpOut' && name?.type === 'string') endpoints.set(name.value, new Map());
      }
      this.tasks.set(definition.name, { fingerprint, endpoints });
    }
  }

  /** The TaskContext.publish of the task's instances; ignores what tasks not retained publish. */
  publish(task: string, endpoint: string, group: string, message: Message): void {
    this.tasks.get(task)?.endpoints.get(endpoint)?.set(group, message);
  }

  /**
   * The endpoint's answer as Kapacitor writes it (an InfluxQL result, `{"series":null}` before
   * any group passed), or undefined when the task does not run or has no such endpoint.
   */
  answer(task: string, endpoint: string): string | undefined {
    const groups = this.tasks.get(task)?.endpoints.get(endpoint);
    if (groups === undefined) return undefined;
    if (groups.size === 0) return '{"series":null}';
    const rows = [...groups.values()].map((message) => encodeSeriesRow(message.kind === 'point' ? pointSeries(message.point) : batchSeries(message, message.groupTags)));
    return `{"series":[${rows.join(',')}]}`;
  }
}
