import { AckedProducer, createKafka, createPointCodec, ensureTopics, type PointCodec } from '@vigil/kafka';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@vigil/ingest-http';
import type { Logger, Readiness } from '@vigil/observability';
import { connectRedis, followLogLevel, isRedisReady, quitRedis, type BroadcastSubscription, type Redis } from '@vigil/redis';
import type { IngestConfig } from '../config';
import { MaxMessageBytesRefresher } from './max-message-bytes.refresher';
import { PartitionCountRefresher } from './partition-count.refresher';

type KafkaAdmin = ReturnType<ReturnType<typeof createKafka>['admin']>;
type ConfigResourceType = Parameters<KafkaAdmin['describeConfigs']>[0]['resources'][number]['type'];
/** kafkajs' ConfigResourceTypes.TOPIC (Kafka's resource type 2), named without importing kafkajs outside @vigil/kafka. */
const TOPIC_RESOURCE = 2 as ConfigResourceType;

/** What a write needs from the connections. */
export interface WriteChannel {
  readonly producer: Pick<AckedProducer, 'send'>;
  readonly codec: PointCodec;
  /** The points topic's partition count; 0 when unknown. */
  readonly partitions: number;
  /** The largest record batch the points topic takes. */
  readonly maxMessageBytes: number;
}

/**
 * Ingest's links to the outside: the acked producer that writes points, Redis, and the point
 * codec. `start` runs after the HTTP server listens, so `/health/ready` answers 503 (not a
 * refused connection) while the brokers are still being reached. Made before Nest starts (the
 * Kafka sink handed to IngestHttpModule needs it), so it is a plain class, not injected.
 */
export class IngestConnections {
  private producer: AckedProducer | undefined;
  private redis: Redis | undefined;
  private codec: PointCodec | undefined;
  private admin: KafkaAdmin | undefined;
  private partitions: PartitionCountRefresher | undefined;
  private maxMessageBytes: MaxMessageBytesRefresher | undefined;
  private logLevel: BroadcastSubscription | undefined;

  constructor(
    private readonly config: IngestConfig,
    private readonly logger: Logger,
    private readonly readiness: Readiness,
  ) {
    readiness.add({ name: 'kafka', isReady: () => this.producer?.isConnected() ?? false });
    readiness.add({ name: 'redis', isReady: () => (this.redis ? isRedisReady(this.redis) : false) });
  }

  /** The Redis connection once `start` made it (the task API reads the evaluators' task statistics there). */
  redisClient(): Redis | undefined {
    return this.redis;
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    this.redis = await connectRedis({ url: config.REDIS_URL, logger, connectionName: config.KAFKA_CLIENT_ID, security: config.redisSecurity, topology: config.redisTopology });
    // `kapacitor level` sent through any ingest of the deployment sets this one's level too.
    this.logLevel = await followLogLevel(this.redis, config.ALERTS_TOPIC, logger);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, security: config.kafkaSecurity });
    const topics = await ensureTopics(kafka, [
      { topic: config.POINTS_TOPIC, partitions: config.POINTS_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
    ]);
    for (const topic of topics) logger.info({ topic: topic.topic, partitions: topic.partitions, created: topic.created }, 'topic ready');
    this.partitions = await this.refreshedPartitionCount(kafka, topics.find((topic) => topic.topic === config.POINTS_TOPIC)?.partitions ?? 0);
    // Only Avro records need the registry; line and JSON records are written without it even when
    // one is configured (POINTS_ENCODING), and evaluators read all three.
    const registryUrl = config.POINTS_ENCODING === 'avro' ? config.SCHEMA_REGISTRY_URL : undefined;
    this.codec = await createPointCodec({ ...(registryUrl === undefined ? {} : { registryUrl }), topic: config.POINTS_TOPIC });
    logger.info({ topic: config.POINTS_TOPIC, encoding: config.POINTS_ENCODING, format: this.codec.format }, 'point codec ready');
    // The producer must know partitions before records are placed on them (PartitionCountRefresher).
    this.producer = new AckedProducer(kafka, logger, { metadataMaxAgeMs: config.INGEST_METADATA_REFRESH_MS });
    await this.producer.connect();
  }

  /**
   * The points topic's partition count from `initial` on, and its `max.message.bytes`, read again
   * every INGEST_METADATA_REFRESH_MS through an admin client kept for that (metadata and
   * describe-config requests only; it never creates or alters a topic).
   */
  private async refreshedPartitionCount(kafka: ReturnType<typeof createKafka>, initial: number): Promise<PartitionCountRefresher> {
    const { config, logger } = this;
    const admin = kafka.admin();
    await admin.connect();
    this.admin = admin;
    this.maxMessageBytes = new MaxMessageBytesRefresher({
      topic: config.POINTS_TOPIC,
      intervalMs: config.INGEST_METADATA_REFRESH_MS,
      logger,
      fetch: async () => {
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: TOPIC_RESOURCE, name: config.POINTS_TOPIC, configNames: ['max.message.bytes'] }],
        });
        const entry = described.resources[0]?.configEntries.find((candidate) => candidate.configName === 'max.message.bytes');
        return entry === undefined ? undefined : Number(entry.configValue);
      },
    });
    await this.maxMessageBytes.start();
    logger.info({ topic: config.POINTS_TOPIC, maxMessageBytes: this.maxMessageBytes.maxMessageBytes }, 'points topic record limit');
    const refresher = new PartitionCountRefresher({
      topic: config.POINTS_TOPIC,
      initial,
      intervalMs: config.INGEST_METADATA_REFRESH_MS,
      logger,
      fetchCount: async () => {
        const metadata = await admin.fetchTopicMetadata({ topics: [config.POINTS_TOPIC] });
        return metadata.topics.find((topic) => topic.name === config.POINTS_TOPIC)?.partitions.length ?? 0;
      },
    });
    refresher.start();
    return refresher;
  }

  /**
   * The producer, codec, the points topic's partition count and its `max.message.bytes`
   * (refreshed every INGEST_METADATA_REFRESH_MS) for writes, or undefined until `start` has
   * finished.
   */
  writeChannel(): WriteChannel | undefined {
    if (!this.producer || !this.codec || !this.producer.isConnected()) return undefined;
    return {
      producer: this.producer,
      codec: this.codec,
      partitions: this.partitions?.partitions ?? 0,
      maxMessageBytes: this.maxMessageBytes?.maxMessageBytes ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
    };
  }

  /** Called once at shutdown, after readiness turned 503; tolerates a partial start. */
  async stop(): Promise<void> {
    this.readiness.markShuttingDown();
    this.partitions?.stop();
    this.maxMessageBytes?.stop();
    await this.admin?.disconnect();
    await this.producer?.disconnect();
    await this.logLevel?.stop();
    if (this.redis) await quitRedis(this.redis);
  }
}
