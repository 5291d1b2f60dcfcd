import { fieldsOf, pageOfIds, readTaskListQuery, type QueryValues } from './task-list-query';

/** Kapacitor's recording fields, in `allRecordingFields` order (`services/replay/service.go`). */
export const RECORDING_FIELDS = ['link', 'id', 'type', 'size', 'date', 'error', 'status', 'progress'] as const;
/** Kapacitor's replay fields, in `allReplayFields` order: a list without `fields` shows these. */
export const REPLAY_FIELDS = ['link', 'id', 'task', 'recording', 'recording-time', 'clock', 'date', 'error', 'status', 'progress'] as const;
/**
 * The replay fields a list may ask for: Kapacitor's, and `stats` (the figures its GET shows),
 * which Kapacitor's list refuses as unsupported; vigil lists them only when asked.
 */
export const REPLAY_LIST_FIELDS = [...REPLAY_FIELDS, 'stats'] as const;

/**
 * Kapacitor's `stats` of a replay (`client.ExecutionStats`): the task's node figures once its
 * last point was fed, kept for a finished replay; empty for a running or failed one, as
 * Kapacitor's `convertReplay` shows them. `task-stats` (the throughput) is not measured by vigil.
 */
export interface ReplayStats {
  readonly 'node-stats'?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Kapacitor's replay (`client.Replay`) as both modes show it, without its link. */
export interface KapacitorReplay {
  readonly id: string;
  readonly task: string;
  readonly recording: string;
  readonly 'recording-time': boolean;
  readonly clock: 'fast' | 'real';
  /** When the replay started, RFC 3339. */
  readonly date: string;
  readonly error: string;
  readonly status: 'running' | 'finished' | 'failed';
  readonly progress: number;
  /** Absent in a replay saved before vigil kept statistics. */
  readonly stats?: ReplayStats;
}

/**
 * A page of Kapacitor's recordings or replays list with its `pattern`, `fields`, `offset` and
 * `limit`, read as the tasks list reads them; each entry holds only the fields asked, `defaults`
 * when none are.
 */
export function runListPage<T extends { readonly id: string }>(query: QueryValues, all: readonly T[], known: readonly string[], view: (value: T) => Record<string, unknown>, defaults: readonly string[] = known): Record<string, unknown>[] {
  const page = readTaskListQuery(query);
  const byId = new Map(all.map((value) => [value.id, value]));
  const fields = fieldsOf(page.fields, known, defaults);
  return pageOfIds([...byId.keys()], page).flatMap((id) => {
    const value = byId.get(id);
    if (!value) return [];
    const full = view(value);
    return [Object.fromEntries(fields.map((field) => [field, full[field]]))];
  });
}
