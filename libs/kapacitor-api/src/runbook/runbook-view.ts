import type { ConfigSections } from './config-sections';
import type { DebugVars } from './debug-vars';

/** Nest token of the RunbookView. */
export const RUNBOOK_VIEW = Symbol('RunbookView');

/** What a mode answers to the runbook routes every mode serves (debug/vars, config, storage/backup). */
export interface RunbookView {
  /** `/kapacitor/v1/debug/vars`. */
  vars(): DebugVars;
  /** The effective configuration, secrets redacted. */
  config(): ConfigSections;
  /** Why a POST to `/kapacitor/v1/config` is refused (403): where this mode's configuration is changed instead. */
  readonly configReadOnly: string;
  /** A consistent snapshot of the mode's definitions as a `.tar.gz`. */
  backup(): Promise<Buffer>;
  /** Why Kapacitor's BoltDB store routes (`storage/stores`, rebuild) are refused (404). */
  readonly storesRefusal: string;
}
