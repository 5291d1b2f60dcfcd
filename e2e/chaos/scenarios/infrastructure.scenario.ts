import { setTimeout as sleep } from 'node:timers/promises';
import { redisUrl, schemaRegistryUrl } from '@vigil/testing';
import type { ChaosScenario } from '../support/chaos-scenario';
import { sharedChaosKafka } from '../support/chaos-kafka';
import { ChaosRedis, type RedisPersistence } from '../support/chaos-redis';
import { runScaled } from '../support/scaled-run';

/** The services' Redis (a server of the scenario's own) restarted with SIGTERM halfway through the stream. */
function redisRestart(persistence: RedisPersistence): ChaosScenario {
  const name = persistence === 'aof' ? 'redis-restart-aof' : 'redis-restart-volatile';
  return {
    name,
    summary:
      persistence === 'aof'
        ? "The evaluators' and notifier's Redis (a redis-server of the scenario's own with appendonly and fsync every second, as `npm run infra` runs the shared one) is restarted with SIGTERM halfway through the stream and is down 2 s; it comes back with its checkpoints and ledger."
        : "The same restart of a Redis without persistence: it comes back empty, so every checkpoint and the notifier's ledger are gone; the evaluator must see the loss and rebuild from the topic.",
    run: async (size) => {
      const redis = await ChaosRedis.create(persistence);
      await redis.start();
      try {
        return await runScaled({
          scenario: name,
          size,
          evaluators: 1,
          notifiers: 1,
          redisUrl: redis.url,
          fault: async (run) => {
            await run.progress.untilWritten(1 / 2);
            await redis.restart(2_000);
            return `Redis (${persistence === 'aof' ? 'AOF' : 'no persistence'}) restarted, down 2 s`;
          },
        });
      } finally {
        await redis.remove();
      }
    },
  };
}

export const redisRestartAof = redisRestart('aof');
export const redisRestartVolatile = redisRestart('none');

/** How the broker goes away: a clean stop (a rolling restart), a crash, or a freeze. */
type BrokerFault = 'stop' | 'kill' | 'pause';

const BROKER_FAULTS: Readonly<Record<BrokerFault, { name: string; summary: string; done: string; notInCi?: string }>> = {
  stop: {
    name: 'kafka-restart',
    summary:
      "The chaos run's own Kafka broker (tools/infra/kafka on other ports and another state folder, started once and shared by the three Kafka scenarios) is stopped cleanly (SIGTERM) halfway through the stream, stays down for a while (15 s in full) and starts again on the same data.",
    done: 'stopped (SIGTERM) and started again',
  },
  kill: {
    name: 'kafka-kill',
    summary: 'The same broker SIGKILLed instead, as a crash: produce requests in flight get no answer, although what the broker appended survives in the page cache and is on the log after the restart.',
    done: 'SIGKILLed and started again',
  },
  pause: {
    name: 'kafka-pause',
    summary:
      "The same broker frozen with SIGSTOP (as a long GC pause or a stalled disk) for longer than ingest's acknowledgement timeout, then resumed with SIGCONT: ingest gives up on requests the broker then completes.",
    done: 'frozen (SIGSTOP) and resumed (SIGCONT)',
  },
};

/**
 * The broker goes away halfway through the stream. It is the chaos run's own broker (the shared
 * one serves other test runs; the Kafka scenarios take turns on it, see sharedChaosKafka), so the
 * integration variables point at it while the scenario lasts: EvaluatorCluster,
 * NotifierDeployment and the services read them through @vigil/testing.
 */
function brokerFault(how: BrokerFault): ChaosScenario {
  const { name, summary, done, notInCi } = BROKER_FAULTS[how];
  return {
    name,
    summary,
    ...(notInCi === undefined ? {} : { notInCi }),
    run: async (size) => {
      const saved = { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], REDIS_URL: process.env['REDIS_URL'], SCHEMA_REGISTRY_URL: process.env['SCHEMA_REGISTRY_URL'] };
      const shared = { redis: redisUrl(), registry: schemaRegistryUrl() };
      const kafka = await sharedChaosKafka();
      try {
        // @vigil/testing reads all three variables from the environment once one is set there.
        process.env['KAFKA_BROKERS'] = kafka.brokers;
        process.env['REDIS_URL'] = shared.redis;
        if (shared.registry === undefined) delete process.env['SCHEMA_REGISTRY_URL'];
        else process.env['SCHEMA_REGISTRY_URL'] = shared.registry;
        return await runScaled({
          scenario: name,
          size,
          evaluators: 1,
          notifiers: 1,
          fault: async (run) => {
            await run.progress.untilWritten(1 / 2);
            const stopped = Date.now();
            if (how === 'stop') await kafka.down();
            else kafka.signal(how === 'kill' ? 'SIGKILL' : 'SIGSTOP');
            await sleep(size.brokerDownMs);
            if (how === 'pause') kafka.signal('SIGCONT');
            else await kafka.up();
            return `broker ${done}, away ${((Date.now() - stopped) / 1000).toFixed(0)} s`;
          },
        });
      } finally {
        for (const [variable, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[variable];
          else process.env[variable] = value;
        }
      }
    },
  };
}

export const kafkaStopRestart = brokerFault('stop');
export const kafkaKillRestart = brokerFault('kill');
export const kafkaPause = brokerFault('pause');
