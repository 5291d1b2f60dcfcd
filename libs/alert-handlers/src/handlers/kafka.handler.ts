import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import type { GoTemplate } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, delivered, failed } from '../handler';
import type { HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency-key';
import { alertTemplateData, parsePostTemplate, renderPostTemplate } from './post-template';

/** One record for a configured Kafka cluster: the key is the alert id, as Kapacitor writes it. */
export interface AlertRecord {
  readonly cluster: string;
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Writes alert records to the clusters of `kafka.clusters` (the app supplies it, over kafkajs);
 * resolves once the brokers acknowledged the record. A rejection may carry kafkajs' `retriable`.
 */
export interface AlertRecordProducer {
  produce(record: AlertRecord): Promise<void>;
}

export interface KafkaTarget {
  readonly cluster: string;
  readonly topic: string;
  readonly template: GoTemplate | undefined;
  readonly producer: AlertRecordProducer;
}

export class KafkaHandler implements Handler {
  readonly kind = 'kafka';

  constructor(private readonly target: KafkaTarget) {}

  async send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const { cluster, topic, template, producer } = this.target;
    let value: string;
    if (template) {
      const rendered = renderPostTemplate(template, alertTemplateData(event));
      // Kapacitor logs a failing template; the same event would fail again.
      if (!rendered.ok) return failed(false, `kafka: template failed: ${rendered.error}`);
      value = rendered.text;
    } else {
      // The alert JSON as Kapacitor's encoder writes it, newline included.
      value = (context.alertJson ?? encodeAlertEvent(event)) + '\n';
    }
    // The notification's key travels as a record header, so a consumer can drop a repeat.
    const headers: Record<string, string> = context.idempotencyKey === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: context.idempotencyKey };
    try {
      await producer.produce({ cluster, topic, key: event.id, value, headers });
      return delivered;
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable;
      const reason = error instanceof Error ? error.message : String(error);
      return failed(retriable !== false, `kafka cluster "${cluster}" topic "${topic}": ${reason}`);
    }
  }
}

const DEFAULT_CLUSTER = 'default';

/**
 * Refuses at definition a `.kafka()` without a topic or naming a cluster the configuration does
 * not have (Kapacitor: unknown cluster), and says how to configure one.
 */
export function checkKafkaInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const cluster = stringOption(instruction, 'cluster') || DEFAULT_CLUSTER;
  if ((stringOption(instruction, 'kafkaTopic') ?? '') === '') throw new HandlerOptionError(".kafka() needs a topic: add .kafkaTopic('alerts')");
  const clusters = config.kafka?.clusters ?? {};
  if (clusters[cluster] === undefined) {
    const known = Object.keys(clusters);
    throw new HandlerOptionError(
      `.kafka() names cluster "${cluster}", which is not configured: add kafka.clusters.${cluster}.brokers to the handler configuration` +
        (known.length > 0 ? ` (configured: ${known.join(', ')})` : ''),
    );
  }
}

export function buildKafkaHandler(instruction: HandlerInstruction, config: HandlerConfig): KafkaHandler {
  checkOptionNames(instruction);
  checkKafkaInstruction(instruction, config);
  if (!config.kafkaProducer) {
    throw new HandlerOptionError('.kafka() cannot be delivered by this process: it has no Kafka producer for kafka.clusters (the notifier has one)');
  }
  const source = stringOption(instruction, 'template') ?? '';
  return new KafkaHandler({
    cluster: stringOption(instruction, 'cluster') || DEFAULT_CLUSTER,
    topic: stringOption(instruction, 'kafkaTopic') ?? '',
    template: source === '' ? undefined : parsePostTemplate(source, 'kafka template'),
    producer: config.kafkaProducer,
  });
}
