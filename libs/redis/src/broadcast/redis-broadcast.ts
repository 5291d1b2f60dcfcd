import type { Redis } from '../redis-client.factory';

/** A subscription to a broadcast channel; `stop` unsubscribes and closes its connection. */
export interface BroadcastSubscription {
  stop(): Promise<void>;
}

/**
 * Fire-and-forget messages to every process of a deployment that listens now, over Redis
 * publish/subscribe: a setting that is live until a restart (the log level of `kapacitor level`),
 * not state anyone must find later. A process that is not connected at that moment misses the
 * message; nothing is kept to replay. A subscriber holds a connection of its own (`duplicate()`),
 * since a subscribed connection can carry no other command. On a Redis Cluster a (not sharded)
 * PUBLISH reaches the subscribers of every node.
 */
export class RedisBroadcast {
  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  /** Sends a message; resolves with how many subscribers (connections) Redis handed it to. */
  async publish(message: string): Promise<number> {
    return this.redis.publish(this.channel, message);
  }

  /**
   * Calls `listener` with every message published from now on, until `stop`. A listener that
   * throws is reported to `onError` and keeps listening. Resolves once Redis confirmed the
   * subscription, so a message published after that is heard. `onResubscribed` is called each
   * time the connection came back and subscribed again: messages of the outage were missed.
   */
  async subscribe(listener: (message: string) => void, onError: (error: unknown) => void, onResubscribed?: () => void): Promise<BroadcastSubscription> {
    const connection = this.redis.duplicate();
    let subscribed = false;
    // ioredis subscribes again (autoResubscribe) just before it emits `ready` after a reconnection.
    connection.on('ready', () => {
      if (subscribed) onResubscribed?.();
    });
    // The service's own connection to the same Redis reports an outage; without a listener ioredis
    // would print "Unhandled error event" for this copy on every reconnect attempt.
    connection.on('error', () => undefined);
    connection.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        listener(message);
      } catch (error) {
        onError(error);
      }
    });
    try {
      await connection.subscribe(this.channel);
      subscribed = true;
    } catch (error) {
      connection.disconnect();
      throw error;
    }
    return {
      stop: async () => {
        try {
          await connection.unsubscribe(this.channel);
        } finally {
          connection.disconnect();
        }
      },
    };
  }
}
