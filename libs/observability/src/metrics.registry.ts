import { Registry, collectDefaultMetrics } from 'prom-client';
import { registerBuildInfo } from './build-info';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Added as a `service` label to every series so one scrape config can serve all apps. */
  readonly service: string;
}

/**
 * A registry of its own per app (never prom-client's global one), so tests can create several
 * without "metric already registered" clashes. It starts with Node's process metrics
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, event loop lag, GC, ...).
 */
export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  registerBuildInfo(registry);
  return registry;
}

export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

/** The Prometheus text exposition of every metric in the registry, for `GET /metrics`. */
export async function renderMetrics(registry: Registry): Promise<RenderedMetrics> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
