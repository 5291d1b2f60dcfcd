import { TaskPattern } from './task-pattern';
import { TaskRequestError } from './task-request-error';

/**
 * The fields of a task in Kapacitor's list, in the order of its `allTaskFields`
 * (`task_store/service.go`); a list without `fields` returns them all.
 */
export const TASK_LIST_FIELDS = ['link', 'id', 'type', 'dbrps', 'script', 'dot', 'status', 'executing', 'error', 'stats', 'created', 'modified', 'last-enabled', 'vars'] as const;

export type TaskListField = (typeof TASK_LIST_FIELDS)[number];

/** How Kapacitor renders a task's script and DOT, from `script-format` and `dot-view`. */
export interface TaskViewOptions {
  readonly scriptFormat: 'formatted' | 'raw';
  readonly dotView: 'attributes' | 'labels';
}

/** The query of GET /kapacitor/v1/tasks. `fields` holds what was asked, unchecked: see selectedFields. */
export interface TaskListQuery extends TaskViewOptions {
  readonly pattern: TaskPattern;
  readonly fields: readonly string[];
  readonly offset: number;
  readonly limit: number;
}

/** Kapacitor's default page: `limit` 100 (`handleListTasks`, and `ListTasksOptions.Default` in its client). */
const DEFAULT_LIMIT = 100;

/** The query string as Fastify parses it: a repeated name gives a list. */
export type QueryValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads the list query as Kapacitor's `handleListTasks` does, with its error messages and their
 * order: script-format, dot-view, offset, limit. Only the first value of a name counts, but
 * every `fields` value does; an empty value is the default.
 */
export function readTaskListQuery(query: QueryValues): TaskListQuery {
  const options = readTaskViewOptions(query);
  return {
    ...options,
    pattern: TaskPattern.parse(queryValue(query, 'pattern')),
    fields: all(query, 'fields'),
    offset: readInteger(query, 'offset', 0),
    limit: readInteger(query, 'limit', DEFAULT_LIMIT),
  };
}

/** `script-format` and `dot-view`, as Kapacitor's list and get handlers read them. */
export function readTaskViewOptions(query: QueryValues): TaskViewOptions {
  const scriptFormat = queryValue(query, 'script-format') || 'formatted';
  if (scriptFormat !== 'formatted' && scriptFormat !== 'raw') throw new TaskRequestError(`invalid script-format parameter ${JSON.stringify(scriptFormat)}`);
  const dotView = queryValue(query, 'dot-view') || 'attributes';
  if (dotView !== 'attributes' && dotView !== 'labels') throw new TaskRequestError(`invalid dot-view parameter ${JSON.stringify(dotView)}`);
  return { scriptFormat, dotView };
}

/**
 * The fields each listed task shows: all without `fields`, else those asked plus `id` and
 * `link`, which Kapacitor always adds. Kapacitor refuses an unknown field while it fills in a
 * task, so only a list that finds a task refuses one: the caller checks with this when it has.
 */
export function selectedFields(asked: readonly string[]): readonly TaskListField[] {
  return fieldsOf(asked, TASK_LIST_FIELDS, TASK_LIST_FIELDS);
}

/**
 * The same for any of Kapacitor's lists: `defaults` without `fields`, else those asked (each one
 * of `known`) plus `id` and `link`, in the order of `known`.
 */
export function fieldsOf<F extends string>(asked: readonly string[], known: readonly F[], defaults: readonly F[]): readonly F[] {
  if (asked.length === 0) return defaults;
  const fields = new Set<string>();
  for (const field of [...asked, 'id', 'link']) {
    if (!(known as readonly string[]).includes(field)) throw new TaskRequestError(`unsupported field ${JSON.stringify(field)}`);
    fields.add(field);
  }
  return known.filter((field) => fields.has(field));
}

/**
 * A page of ids: those the pattern matches, in id order (Kapacitor lists its id index, sorted
 * by bytes), from `offset`, at most `limit`. Kapacitor's storage skips its matching altogether
 * for a negative limit and returns every task, pattern or not; vigil reads a negative limit as
 * "no limit" but keeps the pattern and the offset, so that no client can list (and delete) more
 * than it named.
 */
export function pageOfIds(ids: readonly string[], query: Pick<TaskListQuery, 'pattern' | 'offset' | 'limit'>): string[] {
  const matching = [...ids].sort(byBytes).filter((id) => query.pattern.matches(id));
  const from = Math.max(0, query.offset);
  return query.limit < 0 ? matching.slice(from) : matching.slice(from, from + query.limit);
}

/** Go compares strings by their UTF-8 bytes; code point order is the same order. */
function byBytes(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A base-10 int64 as Go's `strconv.ParseInt(s, 10, 64)` reads it, with Kapacitor's message for a bad one. */
function readInteger(query: QueryValues, name: 'offset' | 'limit', fallback: number): number {
  const text = queryValue(query, name);
  if (text === '') return fallback;
  const problem = !/^[+-]?\d+$/.test(text) ? 'invalid syntax' : BigInt(text) < INT64_MIN || BigInt(text) > INT64_MAX ? 'value out of range' : undefined;
  if (problem) throw new TaskRequestError(`invalid ${name} parameter ${JSON.stringify(text)} must be an integer: strconv.ParseInt: parsing ${JSON.stringify(text)}: ${problem}`);
  return Number(text);
}

/** The first value of a query name, "" without one, as Go's `url.Values.Get`. */
export function queryValue(query: QueryValues, name: string): string {
  const value = query[name];
  return (typeof value === 'string' ? value : value?.[0]) ?? '';
}

function all(query: QueryValues, name: string): readonly string[] {
  const value = query[name];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}
