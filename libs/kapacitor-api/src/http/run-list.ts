import { fieldsOf, pageOfIds, readTaskListQuery, type QueryValues } from './task-list-query';

/** Kapacitor's recording fields, in `allRecordingFields` order (`services/replay/service.go`). */
export const RECORDING_FIELDS = ['link', 'id', 'type', 'size', 'date', 'error', 'status', 'progress'] as const;
/** Kapacitor's replay fields, in `allReplayFields` order. */
export const REPLAY_FIELDS = ['link', 'id', 'task', 'recording', 'recording-time', 'clock', 'date', 'error', 'status', 'progress'] as const;

/** Kapacitor's replay (`client.Replay`) as both modes show it, without its link and statistics. */
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
}

/**
 * A page of Kapacitor's recordings or replays list with its `pattern`, `fields`, `offset` and
 * `limit`, read as the tasks list reads them; each entry holds only the fields asked.
 */
export function runListPage<T extends { readonly id: string }>(query: QueryValues, all: readonly T[], known: readonly string[], view: (value: T) => Record<string, unknown>): Record<string, unknown>[] {
  const page = readTaskListQuery(query);
  const byId = new Map(all.map((value) => [value.id, value]));
  const fields = fieldsOf(page.fields, known, known);
  return pageOfIds([...byId.keys()], page).flatMap((id) => {
    const value = byId.get(id);
    if (!value) return [];
    const full = view(value);
    return [Object.fromEntries(fields.map((field) => [field, full[field]]))];
  });
}
