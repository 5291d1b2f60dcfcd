import { decodeLogLevelMessage, encodeLogLevelMessage, logLevelChannelOf, type LogLevel } from '@vigil/topic-contract';
import type { Logger } from 'pino';
import type { Redis } from '../redis-client.factory';
import { RedisBroadcast, type BroadcastSubscription } from './redis-broadcast';

/**
 * Sets this process's live log level to each level `kapacitor level` sends its deployment (the
 * channel named after ALERTS_TOPIC, @vigil/topic-contract's `log-level/`), until `stop`. Child
 * loggers follow the root's level unless given their own. A message that breaks the contract is
 * logged and ignored.
 */
export function followLogLevel(redis: Redis, alertsTopic: string, logger: Logger): Promise<BroadcastSubscription> {
  return new RedisBroadcast(redis, logLevelChannelOf(alertsTopic)).subscribe(
    (text) => applyLogLevel(logger, decodeLogLevelMessage(text).level),
    (error) => logger.warn({ err: error }, 'a log-level message was ignored'),
  );
}

/**
 * Sets the logger's level, with one info line when it changes, written at whichever of the two
 * levels shows it: after a move to debug or info, before a move to error (which would hide it).
 * The same level again (the answering ingest hearing its own message) says nothing.
 */
export function applyLogLevel(logger: Logger, level: LogLevel): void {
  const was = logger.level;
  if (was === level) return;
  if (level === 'error') logger.info({ level, was }, 'log level set by kapacitor level');
  logger.level = level;
  if (level !== 'error') logger.info({ level, was }, 'log level set by kapacitor level');
}

/** Sends a log level to every ingest, evaluator and notifier following the deployment's channel; resolves with how many heard it. */
export function sendLogLevel(redis: Redis, alertsTopic: string, level: LogLevel): Promise<number> {
  return new RedisBroadcast(redis, logLevelChannelOf(alertsTopic)).publish(encodeLogLevelMessage({ level }));
}
