import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestMetrics } from '@vigil/ingest-http';
import { createLogger, createMetricsRegistry } from '@vigil/observability';
import { documentedMetricNames, registeredMetricNames } from '@vigil/testing';
import { StandaloneMetrics } from './standalone-metrics';

describe("docs/standalone.md's metrics table", () => {
  it('names exactly the series vigil serve registers (with the write endpoints of ingest)', () => {
    const registry = createMetricsRegistry({ service: 'standalone' });
    new IngestMetrics(registry);
    const positions = { pointLogEnd: () => 0n, evaluated: () => 0n, eventLogEnd: () => 0n, notified: () => 0n, dataFolder: mkdtempSync(join(tmpdir(), 'serve-metrics-')) };
    new StandaloneMetrics(registry, positions, createLogger({ service: 'test', level: 'silent' }));
    expect(documentedMetricNames('docs/standalone.md', '## Metrics')).toEqual(registeredMetricNames(registry));
  });
});
