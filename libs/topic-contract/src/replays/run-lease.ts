/**
 * The Redis lease an evaluator keeps on each replay and query recording it took, from the take
 * until it wrote the run's end: ingest writes a `running` run whose lease is gone failed, since
 * the evaluator that held it stopped (a crash, a kill) before it could.
 */

/** How long a lease lives unless refreshed: three refreshes may be missed (a GC pause, a slow Redis). */
export const RUN_LEASE_TTL_MS = 30_000;
/** How often an evaluator refreshes the leases it holds. */
export const RUN_LEASE_REFRESH_MS = 10_000;

/** What a lease is kept on: a replay (replays topic) or a recording (recordings topic); their ids are apart. */
export type LeasedRun = 'replay' | 'recording';

/** The lease key of a run, under the tasks topic every ingest and evaluator of a deployment share. */
export function runLeaseKey(tasksTopic: string, run: LeasedRun, id: string): string {
  return `vigil.replays:${tasksTopic}:lease:${run}:${id}`;
}
