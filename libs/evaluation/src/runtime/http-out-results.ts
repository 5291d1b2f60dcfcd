import { encodeSeriesRow } from '@vigil/core';
import { batchSeries, type Message, pointSeries } from '@vigil/tick-engine';
import type { TaskDefinition } from '../tasks/task-definition';
import { fingerprintOf } from '../statistics/task-statistics-book';

/**
 * One group's latest row of an endpoint, as a host publishes it beside other hosts' rows: when
 * the group first reached the node and when the row was last replaced (wall clock, ms), so that
 * merged rows keep Kapacitor's order and the newest copy of a group wins.
 */
export interface HttpOutRow {
  readonly group: string;
  readonly firstMs: number;
  readonly atMs: number;
  /** The InfluxQL row as Kapacitor's JSON writes it (`encodeSeriesRow`). */
  readonly row: string;
}

/** A group's latest message; its row is encoded when first asked for, once per message. */
interface GroupResult {
  readonly message: Message;
  readonly firstMs: number;
  readonly atMs: number;
  row?: string;
}

/** One running task's `httpOut` endpoints: the latest message of each group, by endpoint name. */
interface TaskResults {
  readonly fingerprint: string;
  readonly endpoints: Map<string, Map<string, GroupResult>>;
}

/**
 * What the tasks' `|httpOut('name')` nodes publish, for `GET /kapacitor/v1/tasks/<task>/<name>`:
 * the latest message of every group, by task and endpoint. Kept in memory only, as Kapacitor's
 * HTTPOutNode keeps its result: after a restart an endpoint is empty until its groups pass again.
 * Groups keep the order they first appeared in, the order of Kapacitor's result series.
 */
export class HttpOutResults {
  private readonly tasks = new Map<string, TaskResults>();

  /** `nowMs` dates the rows for `rows()`, which hosts that merge several sets publish. */
  constructor(private readonly nowMs: () => number = Date.now) {}

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
      this.tasks.set(definition.name, { fingerprint, endpoints: new Map(httpOutEndpointsOf(definition).map((name) => [name, new Map()])) });
    }
  }

  /**
   * The TaskContext.publish of the task's instances; ignores what tasks not retained publish.
   * No message: the group was deleted (a `barrier().delete(TRUE)` upstream), and its row goes,
   * as Kapacitor's httpOutGroup.DeleteGroup removes it from the result.
   */
  publish(task: string, endpoint: string, group: string, message: Message | undefined): void {
    const groups = this.tasks.get(task)?.endpoints.get(endpoint);
    if (groups === undefined) return;
    if (message === undefined) {
      groups.delete(group);
      return;
    }
    const atMs = this.nowMs();
    groups.set(group, { message, firstMs: groups.get(group)?.firstMs ?? atMs, atMs });
  }

  /**
   * The endpoint's answer as Kapacitor writes it (an InfluxQL result, `{"series":null}` before
   * any group passed), or undefined when the task does not run or has no such endpoint.
   */
  answer(task: string, endpoint: string): string | undefined {
    const groups = this.tasks.get(task)?.endpoints.get(endpoint);
    if (groups === undefined) return undefined;
    return seriesAnswer([...groups.values()].map(rowOf));
  }

  /** Every running task's endpoints with their groups' rows in first-seen order, for a host to publish. */
  rows(): Map<string, Map<string, HttpOutRow[]>> {
    const tasks = new Map<string, Map<string, HttpOutRow[]>>();
    for (const [task, { endpoints }] of this.tasks) {
      tasks.set(task, new Map([...endpoints].map(([endpoint, groups]) => [endpoint, [...groups].map(([group, result]) => ({ group, firstMs: result.firstMs, atMs: result.atMs, row: rowOf(result) }))])));
    }
    return tasks;
  }
}

/** The names of the task's `|httpOut('name')` endpoints. */
export function httpOutEndpointsOf(definition: TaskDefinition): string[] {
  return definition.pipeline.nodes.flatMap((node) => {
    const name = node.args[0];
    return node.type === 'httpOut' && name?.type === 'string' ? [name.value] : [];
  });
}

/** Kapacitor's JSON of an InfluxQL result of these encoded rows; `series` is null when there are none. */
export function seriesAnswer(rows: readonly string[]): string {
  return rows.length === 0 ? '{"series":null}' : `{"series":[${rows.join(',')}]}`;
}

function rowOf(result: GroupResult): string {
  const { message } = result;
  result.row ??= encodeSeriesRow(message.kind === 'point' ? pointSeries(message.point) : batchSeries(message, message.groupTags));
  return result.row;
}
