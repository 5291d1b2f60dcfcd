/** Why a sideload reload was refused: the status to answer and the `{"error": ...}` message. */
export interface SideloadReloadRefusal {
  readonly status: 500 | 503;
  readonly message: string;
}

/**
 * Reads the sideload sources of the running tasks again (Kapacitor's `sideload.Service.Reload`):
 * `vigil serve` reads its own tasks' files; ingest asks every evaluator of the deployment to.
 * Resolves undefined once done (or, in the distributed mode, once every evaluator was told).
 */
export interface SideloadReload {
  reload(): Promise<SideloadReloadRefusal | undefined>;
}

/** The Nest token of the SideloadReload. */
export const SIDELOAD_RELOAD = Symbol('SideloadReload');
