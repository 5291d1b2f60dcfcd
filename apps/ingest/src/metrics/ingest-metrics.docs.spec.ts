import { IngestMetrics } from '@vigil/ingest-http';
import { createMetricsRegistry } from '@vigil/observability';
import { documentedMetricNames, registeredMetricNames } from '@vigil/testing';
import { kafkaAckHistogram } from '../sink/kafka-ack.metric';

describe("docs/ingest.md's metrics table", () => {
  it('names exactly the series ingest registers (its write series and the Kafka acknowledgement)', () => {
    const registry = createMetricsRegistry({ service: 'ingest' });
    new IngestMetrics(registry);
    kafkaAckHistogram(registry);
    expect(documentedMetricNames('docs/ingest.md', '## Metrics')).toEqual(registeredMetricNames(registry));
  });
});
