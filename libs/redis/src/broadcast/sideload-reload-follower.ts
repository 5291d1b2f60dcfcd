import { decodeSideloadReloadMessage, encodeSideloadReloadMessage, sideloadReloadChannelOf, sideloadReloadGenerationKeyOf, type SideloadReloadMessage } from '@vigil/topic-contract';
import type { Logger } from 'pino';
import type { Redis } from '../redis-client.factory';
import { RedisBroadcast, type BroadcastSubscription } from './redis-broadcast';
import { SideloadReloadCatchUp } from './sideload-reload-catch-up';

/** How often a follower compares the deployment's reload generation with the one it applied. */
export const SIDELOAD_RELOAD_CHECK_MS = 30_000;

/**
 * Calls `reload` for each sideload reload ingest sends the deployment (the channel named after
 * ALERTS_TOPIC, @vigil/topic-contract's `sideload-reload/`), until `stop`. A message that breaks
 * the contract is logged and ignored. A reload missed while not subscribed (a reconnecting
 * subscriber) is caught up from the generation counter after each resubscription and every
 * `checkIntervalMs`.
 */
export async function followSideloadReload(
  redis: Redis,
  alertsTopic: string,
  logger: Logger,
  reload: (message: SideloadReloadMessage) => void,
  checkIntervalMs = SIDELOAD_RELOAD_CHECK_MS,
): Promise<BroadcastSubscription> {
  const catchUp = new SideloadReloadCatchUp(() => readSideloadReloadGeneration(redis, alertsTopic), reload, logger);
  const subscription = await new RedisBroadcast(redis, sideloadReloadChannelOf(alertsTopic)).subscribe(
    (text) => catchUp.heard(decodeSideloadReloadMessage(text)),
    (error) => logger.warn({ err: error }, 'a sideload-reload message was ignored'),
    () => void catchUp.check(),
  );
  try {
    await catchUp.start();
  } catch (error) {
    await subscription.stop();
    throw error;
  }
  const timer = setInterval(() => void catchUp.check(), checkIntervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await subscription.stop();
    },
  };
}

/**
 * Asks every evaluator following the deployment's channel to read its sideload files again: raises
 * the generation counter (so an evaluator that misses the message catches up), then publishes;
 * resolves with how many heard it now.
 */
export async function sendSideloadReload(redis: Redis, alertsTopic: string, id: string): Promise<number> {
  const generation = await redis.incr(sideloadReloadGenerationKeyOf(alertsTopic));
  return new RedisBroadcast(redis, sideloadReloadChannelOf(alertsTopic)).publish(encodeSideloadReloadMessage({ id, generation }));
}

/** The deployment's reload generation: how many reloads ingest has sent (0 before the first). */
export async function readSideloadReloadGeneration(redis: Redis, alertsTopic: string): Promise<number> {
  const text = await redis.get(sideloadReloadGenerationKeyOf(alertsTopic));
  return text === null ? 0 : Number(text);
}
