import type { ChildService } from './child-service';

/** What a runner needs to know to start vigil for the demo. */
export interface DeploymentContext {
  readonly root: string;
  /** This run's folder (.vigil/demo/<run>): the task file, data and logs live under it. */
  readonly runDir: string;
  readonly logDir: string;
  /** The task file to load, its `.post()` already pointing at the demo's broker. */
  readonly taskFile: string;
  readonly runId: string;
  /** The port to try first for the /write endpoint. */
  readonly preferredPort: number;
  readonly signal: AbortSignal;
  /** Prints one line about what was started. */
  readonly say: (what: string, detail: string) => void;
}

/** A running vigil, standalone or distributed, as the demo drives it. */
export interface VigilDeployment {
  /** Where vigil's HTTP endpoints are (`/write` and the others), without a trailing slash. */
  readonly url: string;
  /** The processes started, so the demo can tell when one dies and kill them all if it must. */
  readonly services: readonly ChildService[];
  /** Stops everything this deployment started, in order, and removes what it created. */
  stop(): Promise<void>;
}

/** How long a stopped service may drain before it is killed. */
export const STOP_GRACE_MS = 15_000;
