import { Counter, createMetricsRegistry, renderMetrics } from './metrics.registry';

describe('createMetricsRegistry', () => {
  it('renders process metrics in Prometheus text format', async () => {
    const rendered = await renderMetrics(createMetricsRegistry({ service: 'ingest' }));
    expect(rendered.contentType).toMatch(/^text\/plain/);
    expect(rendered.body).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(rendered.body).toMatch(/^process_cpu_user_seconds_total\{service="ingest"\} [\d.e+-]+$/m);
  });

  it('keeps registries apart, so two apps in one process do not clash', async () => {
    const first = createMetricsRegistry({ service: 'a' });
    const second = createMetricsRegistry({ service: 'b' });
    const counter = new Counter({ name: 'vigil_test_total', help: 'test', registers: [first] });
    counter.inc(2);
    expect((await renderMetrics(first)).body).toContain('vigil_test_total{service="a"} 2');
    expect((await renderMetrics(second)).body).not.toContain('vigil_test_total');
  });
});
