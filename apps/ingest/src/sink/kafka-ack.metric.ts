import { Histogram, type Registry } from '@vigil/observability';

/** The Kafka sink's own series: how long the brokers take to acknowledge a request's points. */
export function kafkaAckHistogram(registry: Registry): Histogram<'outcome'> {
  return new Histogram({
    name: 'vigil_ingest_kafka_ack_duration_seconds',
    help: 'Time from handing a request\'s points to the producer to Kafka acknowledging all of them.',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
