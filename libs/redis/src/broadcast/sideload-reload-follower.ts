import { decodeSideloadReloadMessage, encodeSideloadReloadMessage, sideloadReloadChannelOf, type SideloadReloadMessage } from '@vigil/topic-contract';
import type { Logger } from 'pino';
import type { Redis } from '../redis-client.factory';
import { RedisBroadcast, type BroadcastSubscription } from './redis-broadcast';

/**
 * Calls `reload` for each sideload reload ingest sends the deployment (the channel named after
 * ALERTS_TOPIC, @vigil/topic-contract's `sideload-reload/`), until `stop`. A message that breaks
 * the contract is logged and ignored.
 */
export function followSideloadReload(redis: Redis, alertsTopic: string, logger: Logger, reload: (message: SideloadReloadMessage) => void): Promise<BroadcastSubscription> {
  return new RedisBroadcast(redis, sideloadReloadChannelOf(alertsTopic)).subscribe(
    (text) => reload(decodeSideloadReloadMessage(text)),
    (error) => logger.warn({ err: error }, 'a sideload-reload message was ignored'),
  );
}

/** Asks every evaluator following the deployment's channel to read its sideload files again; resolves with how many heard it. */
export function sendSideloadReload(redis: Redis, alertsTopic: string, message: SideloadReloadMessage): Promise<number> {
  return new RedisBroadcast(redis, sideloadReloadChannelOf(alertsTopic)).publish(encodeSideloadReloadMessage(message));
}
