import { createLogger, createMetricsRegistry } from '@vigil/observability';
import { documentedMetricNames, registeredMetricNames } from '@vigil/testing';
import { NotifierMetrics } from './notifier-metrics';

describe("docs/notifier.md's metrics table", () => {
  it('names exactly the series the notifier registers', () => {
    const registry = createMetricsRegistry({ service: 'notifier' });
    new NotifierMetrics(registry, createLogger({ service: 'test', level: 'silent' }), { pending: () => 0, pausedPartitions: () => 0 });
    expect(documentedMetricNames('docs/notifier.md', '## Metrics')).toEqual(registeredMetricNames(registry));
  });
});
