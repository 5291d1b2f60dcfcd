import type { DeliveryFigures } from './delivery-figures';
import type { WriterFigures } from './retrying-writer';

/** What one scenario's run found. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly figures: DeliveryFigures;
  readonly writer: WriterFigures;
  /** What was injected, as it happened (e.g. "3 SIGKILLs"), and anything the run noticed. */
  readonly faults: string;
}

/** The bar of issue 11: nothing missing, nothing wrong, and every repeat carries its original's key. */
export function holds(figures: DeliveryFigures): boolean {
  return figures.missing === 0 && figures.wrong === 0 && figures.unkeyedDuplicates === 0;
}
