import type { HandlerConfig } from '@vigil/alert-handlers';
import type { Logger } from '@vigil/observability';
import { loadServerIds, type ServerIds } from '../../storage/ids/server-ids';
import type { ServeSettings } from './config-view';
import { IngressCounts, tapLogger, type LogTap } from '@vigil/kapacitor-api';

/** What the runbook routes (debug/vars, config, backup, logs, loglevel, service-tests) read. */
export interface RunbookContext {
  readonly ids: ServerIds;
  readonly ingress: IngressCounts;
  readonly logs: LogTap;
  readonly settings: ServeSettings;
  readonly handlers: HandlerConfig;
  /** Wall clock in ms: the time of a service test's event and of a backup's files. */
  readonly nowMs: () => number;
}

/** The Nest token of the RunbookContext. */
export const RUNBOOK_CONTEXT = Symbol('RunbookContext');

export interface RunbookOptions {
  readonly settings: ServeSettings;
  readonly handlers: HandlerConfig;
  readonly logger: Logger;
  readonly nowMs?: () => number;
}

/** Reads (or makes) the data folder's ids, taps the logger and starts counting ingress. */
export async function openRunbook(options: RunbookOptions): Promise<RunbookContext> {
  return {
    ids: await loadServerIds(options.settings.dataDir),
    ingress: new IngressCounts(),
    logs: tapLogger(options.logger),
    settings: options.settings,
    handlers: options.handlers,
    nowMs: options.nowMs ?? Date.now,
  };
}
