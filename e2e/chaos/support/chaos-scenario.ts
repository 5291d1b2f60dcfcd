import type { ChaosSize } from './chaos-size';
import type { ScenarioResult } from './scenario-result';

/**
 * One fault, declared once: its name on the command line, what it does (docs/chaos.md repeats
 * these summaries), why the CI spec leaves it out when it does, and how to run it.
 */
export interface ChaosScenario {
  readonly name: string;
  readonly summary: string;
  /** Set when e2e/chaos/chaos.int-spec.ts does not run it: the reason, naming the issue item. */
  readonly notInCi?: string;
  readonly run: (size: ChaosSize) => Promise<ScenarioResult>;
}
