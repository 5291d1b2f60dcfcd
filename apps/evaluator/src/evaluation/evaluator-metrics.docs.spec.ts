import { createMetricsRegistry } from '@vigil/observability';
import { documentedMetricNames, registeredMetricNames } from '@vigil/testing';
import { EvaluatorMetrics } from './evaluator-metrics';

describe("docs/evaluator.md's metrics table", () => {
  it('names exactly the series the evaluator registers', () => {
    const registry = createMetricsRegistry({ service: 'evaluator' });
    new EvaluatorMetrics(registry, () => new Map());
    expect(documentedMetricNames('docs/evaluator.md', '## Metrics')).toEqual(registeredMetricNames(registry));
  });
});
