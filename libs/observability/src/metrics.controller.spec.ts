import { Counter, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';

describe('MetricsController', () => {
  it("renders the app's registry in the text exposition format", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'notifier' });
    new Counter({ name: 'vigil_probe_test_total', help: 'A counter for this spec.', registers: [registry] }).inc(3);
    const body = await new MetricsController(registry).metrics();
    expect(body).toContain('# TYPE vigil_probe_test_total counter\n');
    expect(body).toContain('vigil_probe_test_total{service="notifier"} 3\n');
  });
});
