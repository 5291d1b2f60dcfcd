import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaLevelOf, pinoLogCreator } from './kafka-log.adapter';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** Retries per request before giving up; default 8 (about 25 s). An interactive command wants fewer. */
  readonly retries?: number;
}

/**
 * The kafkajs client every producer, consumer and admin of a process is made from. Logs go through
 * pino at the logger's level. Retries are bounded so that a process whose brokers never come up
 * fails its boot (and says so) instead of retrying silently forever.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: kafkaLevelOf(options.logger.level),
    logCreator: pinoLogCreator(options.logger),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: options.retries ?? 8 },
  });
}
