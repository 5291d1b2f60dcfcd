import { Inject, Injectable } from '@nestjs/common';
import { buildHandler, sharedMqttConnections } from '@vigil/alert-handlers';
import { DeliveryScheduler, HandlerCache, systemClock } from '@vigil/delivery';
import { AckedProducer, AlertRecordProducers, createKafka, ensureTopics, WatermarkConsumer } from '@vigil/kafka';
import { Readiness, Registry, type Logger } from '@vigil/observability';
import { connectRedis, followLogLevel, isRedisReady, quitRedis, RedisDeliveryLedger, RedisRequestQueue, type BroadcastSubscription, type Redis } from '@vigil/redis';
import { serviceTestQueueKeys } from '@vigil/topic-contract';
import { LOGGER, NOTIFIER_CONFIG } from '../app.tokens';
import type { NotifierConfig } from '../config';
import { AlertDispatcher } from '../delivery/alert-dispatcher';
import { KafkaDeadLetterSink } from '../delivery/kafka-dead-letter.sink';
import { NotifierMetrics } from '../delivery/notifier-metrics';
import { TopicHandlerTargets } from '../delivery/topic-handler-targets';
import { serviceTestResponder } from '../service-tests/service-test-responder';

/**
 * The notifier's links to the outside and their wiring: Redis for the delivery ledger, a producer
 * for dead letters, the delivery scheduler with the handlers, and one member of the alerts
 * consumer group whose records the AlertDispatcher turns into deliveries.
 *
 * The consumer is vigil's WatermarkConsumer, not @nestjs/microservices' Kafka transport: that
 * transport hands one message at a time to a handler and commits each message's offset when the
 * handler returns, so a delivery either blocks its partition (one slow handler stalls every alert
 * id behind it) or is committed before it happened (lost on a crash). Deliveries finish out of
 * order, so the only safe commit is a watermark (the lowest unsettled offset of each partition),
 * which the transport cannot express.
 */
@Injectable()
export class NotifierConnections {
  private consumer: WatermarkConsumer | undefined;
  private producer: AckedProducer | undefined;
  /** The clusters `.kafka()` handlers write to (kafka.clusters of the handler configuration). */
  private alertRecords: AlertRecordProducers | undefined;
  private redis: Redis | undefined;
  private scheduler: DeliveryScheduler | undefined;
  private dispatcher: AlertDispatcher | undefined;
  private topicHandlers: TopicHandlerTargets | undefined;
  private committer: NodeJS.Timeout | undefined;
  private serviceTests: { stop(): Promise<void> } | undefined;
  private logLevel: BroadcastSubscription | undefined;
  private readonly metrics: NotifierMetrics;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: Readiness,
    registry: Registry,
  ) {
    readiness.add({ name: 'kafka-consumer', isReady: () => this.consumer?.isReady() ?? false, failure: () => this.consumer?.failure()?.message });
    readiness.add({ name: 'kafka-producer', isReady: () => this.producer?.isConnected() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
    this.metrics = new NotifierMetrics(registry, logger, {
      pending: () => this.dispatcher?.pending() ?? 0,
      pausedPartitions: () => this.dispatcher?.pausedPartitions() ?? 0,
    });
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    // The connection carries only the ledger: a GET before and a SET after each send, thousands at
    // once in a burst, which auto-pipelining turns into a few writes and round trips.
    this.redis = await connectRedis({
      url: config.REDIS_URL,
      logger,
      connectionName: config.KAFKA_CLIENT_ID,
      security: config.redisSecurity,
      topology: config.redisTopology,
      autoPipelining: true,
    });
    // `kapacitor level` sent through ingest sets this notifier's level too (docs/control-plane.md).
    this.logLevel = await followLogLevel(this.redis, config.ALERTS_TOPIC, logger);
    const ledger = new RedisDeliveryLedger({ redis: this.redis, keyPrefix: `${config.REDIS_KEY_PREFIX}:`, ttlSeconds: config.LEDGER_TTL_SECONDS });
    await ledger.prepare();
    // Kapacitor's service tests asked through ingest's API run here, where the handlers' secrets are.
    this.serviceTests = new RedisRequestQueue(this.redis, serviceTestQueueKeys(config.TOPIC_HANDLERS_TOPIC)).serve(serviceTestResponder(config.handlers), (error) =>
      logger.warn({ err: error }, 'a service test asked through ingest was not answered'),
    );
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, security: config.kafkaSecurity });
    const replicationFactor = config.KAFKA_REPLICATION_FACTOR;
    const topics = await ensureTopics(kafka, [
      { topic: config.ALERTS_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor },
      // Dead letters are keyed by alert id like the alerts topic, so the same partition count keeps
      // one alert's letters in order.
      { topic: config.DEAD_LETTER_TOPIC, partitions: config.ALERTS_PARTITIONS, replicationFactor },
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');
    this.producer = new AckedProducer(kafka, logger);
    await this.producer.connect();

    const scheduler = this.schedulerOf(ledger, this.producer);
    this.scheduler = scheduler;
    // Topic handlers (Kapacitor's define-topic-handler through ingest) are read before the first event.
    this.topicHandlers = new TopicHandlerTargets({ topic: config.TOPIC_HANDLERS_TOPIC, clientId: config.KAFKA_CLIENT_ID, replicationFactor }, logger);
    await this.topicHandlers.start(kafka);
    const dispatcher = new AlertDispatcher({
      // The consumer is made next, as it needs the dispatcher's hooks.
      consumer: {
        pause: (tp) => this.consumer?.pause(tp),
        resume: (tp) => this.consumer?.resume(tp),
        commit: (offsets) => this.consumer?.commit(offsets) ?? Promise.resolve(),
      },
      scheduler: this.topicHandlers.targeting(scheduler),
      clock: systemClock,
      logger,
      maxPending: config.NOTIFIER_MAX_PENDING,
      infrastructureRetryMs: config.DELIVERY_INITIAL_BACKOFF_MS,
      infrastructureRetryMaxMs: config.DELIVERY_MAX_BACKOFF_MS,
      revokeGraceMs: Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2),
      invalidRecord: (topic) => this.metrics.invalidRecord(topic),
    });
    this.dispatcher = dispatcher;
    const consumer = new WatermarkConsumer(kafka, logger, {
      groupId: config.NOTIFIER_GROUP_ID,
      topics: [config.ALERTS_TOPIC],
      sessionTimeoutMs: config.NOTIFIER_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: Math.max(300, Math.floor(config.NOTIFIER_SESSION_TIMEOUT_MS / 10)),
      onAssigned: async (partitions) => dispatcher.assign(partitions),
      onRevoked: (partitions) => dispatcher.revoke(partitions),
      handleBatch: (batch) => dispatcher.handleBatch(batch),
    });
    this.consumer = consumer;
    await consumer.start();
    this.committer = setInterval(() => void dispatcher.commit(), config.NOTIFIER_COMMIT_INTERVAL_MS);
  }

  /**
   * Revokes every partition while still in the group: that ends the deliveries' waits at once,
   * lets the sends in progress finish and be recorded (for up to half the shutdown timeout) while
   * no new one starts, and commits what was settled. Then cuts whatever still runs and
   * disconnects. Deliveries not done are not committed, so the next owner of their partition
   * delivers them.
   */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    clearInterval(this.committer);
    await this.serviceTests?.stop();
    await this.logLevel?.stop();
    await this.consumer?.stop();
    await this.topicHandlers?.stop();
    await this.scheduler?.stop();
    // The .mqtt() handlers' broker connections, shared by the process, end with a DISCONNECT.
    await sharedMqttConnections.close();
    await this.producer?.disconnect();
    await this.alertRecords?.disconnect();
    if (this.redis) await quitRedis(this.redis);
  }

  /** The delivery scheduler over the ledger, the dead-letter topic and the cached handlers. */
  private schedulerOf(ledger: RedisDeliveryLedger, producer: AckedProducer): DeliveryScheduler {
    const { config } = this;
    const clusters = config.handlers.kafka?.clusters;
    if (clusters) this.alertRecords = new AlertRecordProducers({ clusters, clientId: config.KAFKA_CLIENT_ID, logger: this.logger, security: config.kafkaSecurity });
    const handlerConfig = this.alertRecords ? { ...config.handlers, kafkaProducer: this.alertRecords } : config.handlers;
    const handlers = new HandlerCache((instruction) => buildHandler(instruction, handlerConfig), this.metrics);
    return new DeliveryScheduler({
      ledger,
      deadLetters: new KafkaDeadLetterSink(producer, config.DEAD_LETTER_TOPIC),
      buildHandler: handlers.factory,
      clock: systemClock,
      random: Math.random,
      policy: {
        maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
        maxAgeMs: config.DELIVERY_MAX_AGE_MS,
        initialBackoffMs: config.DELIVERY_INITIAL_BACKOFF_MS,
        maxBackoffMs: config.DELIVERY_MAX_BACKOFF_MS,
      },
      maxInFlight: config.DELIVERY_MAX_IN_FLIGHT,
      maxInFlightPerOrigin: config.DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN,
      observer: this.metrics,
    });
  }
}
