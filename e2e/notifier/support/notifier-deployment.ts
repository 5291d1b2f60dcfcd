import type { Kafka } from 'kafkajs';
import type { AlertEvent } from '@vigil/core';
import { eventRecordOf } from '@vigil/evaluation';
import { AckedProducer, createKafka, ensureTopics } from '@vigil/kafka';
import { createLogger, type Logger } from '@vigil/observability';
import { connectRedis, quitRedis, type Redis } from '@vigil/redis';
import { buildApp, httpGet, integrationEnv, kafkaBrokers, redisUrl, startReadyApp, uniqueName, type RunningProcess } from '@vigil/testing';
import { killAll, lastOutputs, removeLeftovers, waitUntilGroupCommitted } from '../../support/throwaway-deployment';

export interface NotifierDeploymentOptions {
  /** An alerts topic that exists already (e.g. an EvaluatorCluster's); else one of its own is made. */
  readonly alertsTopic?: string;
  readonly alertsPartitions?: number;
  /** Extra environment of every notifier process (DELIVERY_* etc.). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Notifier {
  readonly name: string;
  readonly process: RunningProcess;
  readonly port: number;
}

/**
 * A throwaway notifier deployment on the real Kafka and Redis: its own consumer group,
 * dead-letter topic and Redis key prefix (and alerts topic unless given one), and notifier
 * processes built from the repository (`apps/notifier/dist`) that can be started, killed with
 * SIGKILL and restarted.
 */
export class NotifierDeployment {
  readonly id = uniqueName('vigil.e2e.notify');
  readonly alertsTopic: string;
  readonly deadLetterTopic = `${this.id}.dlq`;
  readonly groupId = `${this.id}.notifiers`;
  readonly redisPrefix = this.id;
  readonly logger: Logger = createLogger({ service: 'notifier-e2e', level: 'warn' });
  readonly notifiers: Notifier[] = [];
  private readonly ownsAlertsTopic: boolean;
  private kafka: Kafka | undefined;
  private producer: AckedProducer | undefined;
  private redis: Redis | undefined;
  private started = 0;

  constructor(private readonly options: NotifierDeploymentOptions = {}) {
    this.alertsTopic = options.alertsTopic ?? `${this.id}.alerts`;
    this.ownsAlertsTopic = options.alertsTopic === undefined;
  }

  private get partitions(): number {
    return this.options.alertsPartitions ?? 3;
  }

  /** Builds the notifier, creates the topics and connects a producer and Redis. */
  async setUp(): Promise<void> {
    buildApp('notifier');
    this.kafka = createKafka({ brokers: kafkaBrokers(), clientId: `${this.id}.test`, logger: this.logger });
    await ensureTopics(this.kafka, [
      ...(this.ownsAlertsTopic ? [{ topic: this.alertsTopic, partitions: this.partitions }] : []),
      { topic: this.deadLetterTopic, partitions: this.partitions },
    ]);
    this.producer = new AckedProducer(this.kafka, this.logger);
    await this.producer.connect();
    this.redis = await connectRedis({ url: redisUrl(), logger: this.logger, connectionName: `${this.id}.test` });
  }

  /** Kills the processes and removes the topics and ledger keys it made. */
  async tearDown(): Promise<void> {
    await killAll(this.notifiers.map((notifier) => notifier.process));
    await this.producer?.disconnect().catch(() => undefined);
    if (this.redis) {
      await removeLeftovers(this.id, this.redis, this.kafka);
      await quitRedis(this.redis);
    }
  }

  /** Starts one notifier process and waits until it is ready (a member of the group). */
  async startNotifier(env: Readonly<Record<string, string>> = {}): Promise<Notifier> {
    this.started += 1;
    const name = `notifier-${this.started}`;
    const { process, port } = await startReadyApp('notifier', name, {
      ...integrationEnv(),
      LOG_LEVEL: 'info',
      KAFKA_CLIENT_ID: `${this.id}.${name}`,
      NOTIFIER_GROUP_ID: this.groupId,
      ALERTS_TOPIC: this.alertsTopic,
      ALERTS_PARTITIONS: String(this.partitions),
      DEAD_LETTER_TOPIC: this.deadLetterTopic,
      REDIS_KEY_PREFIX: this.redisPrefix,
      NOTIFIER_SESSION_TIMEOUT_MS: '6000',
      ...this.options.env,
      ...env,
    });
    const notifier = { name, process, port };
    this.notifiers.push(notifier);
    return notifier;
  }

  /** Writes events to the alerts topic as the evaluator does (key alert id, Kapacitor JSON, headers). */
  async produce(events: readonly { readonly event: AlertEvent; readonly eventId: string }[], chunk = 200): Promise<void> {
    const producer = this.connectedProducer();
    for (let start = 0; start < events.length; start += chunk) {
      await producer.send(
        this.alertsTopic,
        events.slice(start, start + chunk).map(({ event, eventId }) => eventRecordOf(event, eventId)),
      );
    }
  }

  /** Resolves once the group has committed every record of the alerts topic: all settled. */
  async waitUntilCommitted(timeoutMs = 120_000): Promise<void> {
    await waitUntilGroupCommitted(this.connectedKafka(), {
      groupId: this.groupId,
      topics: [this.alertsTopic],
      timeoutMs,
      intervalMs: 200,
      what: 'every alert record settled and committed',
      processes: () => this.notifiers,
    });
  }

  /** Pairs the ledger holds as delivered. */
  async ledgerDelivered(): Promise<number> {
    const redis = this.connectedRedis();
    let count = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}:delivery:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await redis.mget(...keys);
      count += values.filter((value) => value === 'delivered').length;
    } while (cursor !== '0');
    return count;
  }

  /** Prometheus text of one notifier's /metrics. */
  async metrics(notifier: Notifier): Promise<string> {
    return (await httpGet(`http://127.0.0.1:${notifier.port}/metrics`)).body;
  }

  /** The last part of every notifier's output, for failure messages. */
  outputs(): string {
    return lastOutputs(this.notifiers);
  }

  private connectedKafka(): Kafka {
    if (!this.kafka) throw new Error('NotifierDeployment used before setUp()');
    return this.kafka;
  }

  private connectedProducer(): AckedProducer {
    if (!this.producer) throw new Error('NotifierDeployment used before setUp()');
    return this.producer;
  }

  private connectedRedis(): Redis {
    if (!this.redis) throw new Error('NotifierDeployment used before setUp()');
    return this.redis;
  }
}
