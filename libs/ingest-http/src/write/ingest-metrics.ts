import { Counter, Histogram, type Registry } from '@vigil/observability';

/** The write endpoints, as the `endpoint` label spells them. */
export type WriteEndpoint = 'write' | 'api_v2_write' | 'kapacitor_write' | 'remote_write' | 'json_points';

/**
 * The write endpoints' series on `/metrics`, beside the process metrics of the registry. The
 * sink adds its own (ingest: the Kafka acknowledgement time).
 */
export class IngestMetrics {
  readonly accepted: Counter<'endpoint'>;
  readonly rejected: Counter<'endpoint'>;
  readonly requestSeconds: Histogram<'endpoint' | 'status'>;

  constructor(registry: Registry) {
    this.accepted = new Counter({
      name: 'vigil_ingest_points_accepted_total',
      help: 'Points the sink made durable (acknowledged by Kafka, or in the standalone point log), by endpoint.',
      labelNames: ['endpoint'],
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'vigil_ingest_points_rejected_total',
      help: 'Lines or items refused as malformed, or not written because the sink was unavailable, by endpoint.',
      labelNames: ['endpoint'],
      registers: [registry],
    });
    this.requestSeconds = new Histogram({
      name: 'vigil_ingest_request_duration_seconds',
      help: 'Time from a write request being routed to its answer, by endpoint and status.',
      labelNames: ['endpoint', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }
}
