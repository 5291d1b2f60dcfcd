import { PLAINTEXT_KAFKA, type KafkaSecurity } from '@vigil/config';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaLevelOf, pinoLogCreator } from './kafka-log.adapter';
import { kafkaSecurityOptions } from './kafka-security.options';
import { fixIdleRequestQueueTimer } from './request-queue-timer';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** Retries per request before giving up; default 8 (about 25 s). An interactive command wants fewer. */
  readonly retries?: number;
  /** TLS and SASL (KAFKA_SECURITY_PROTOCOL and friends); default PLAINTEXT. */
  readonly security?: KafkaSecurity;
}

/**
 * The kafkajs client every producer, consumer and admin of a process is made from. Logs go through
 * pino at the logger's level. Retries are bounded so that a process whose brokers never come up
 * fails its boot (and says so) instead of retrying silently forever.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  fixIdleRequestQueueTimer();
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...kafkaSecurityOptions(options.security ?? PLAINTEXT_KAFKA),
    logLevel: kafkaLevelOf(options.logger.level),
    logCreator: pinoLogCreator(options.logger),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: options.retries ?? 8 },
  });
}
