import type { SideloadSources } from '@vigil/tick-engine';
import type { SideloadReloadMessage } from '@vigil/topic-contract';

/** The two lines a reload writes; pino's Logger has them. */
export interface SideloadReloadLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * What an evaluator does with a sideload reload ingest broadcast (`POST
 * /kapacitor/v1/sideload/reload`): the sideload nodes of the tasks it runs now read their
 * directories again, and nothing else of those tasks changes. Nobody waits for the answer, so
 * each directory that failed (keeping its old values) is an error line naming the file, and one
 * info line says how many were read.
 */
export function reloadEvaluatorSideloads(sources: SideloadSources, message: SideloadReloadMessage, log: SideloadReloadLog): void {
  const directories = sources.directories.length;
  const failures = sources.reload();
  for (const failure of failures) log.error({ request: message.id, dir: failure.dir, err: failure.message }, 'sideload reload: the source keeps its old values');
  log.info({ request: message.id, directories, failed: failures.length }, 'sideload sources read again');
}
