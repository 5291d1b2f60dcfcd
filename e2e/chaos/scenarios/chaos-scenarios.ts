import type { ChaosScenario } from '../support/chaos-scenario';
import { kafkaKillRestart, kafkaPause, kafkaStopRestart, redisRestartAof, redisRestartVolatile } from './infrastructure.scenario';
import { evaluatorKill, membersTwoPlusTwo, notifierKill } from './member-kills.scenario';
import { serveKill } from './standalone.scenario';
import { serveDiskFull } from './serve-disk-full.scenario';
import { webhookOutage } from './webhook-outage.scenario';

/** Every chaos scenario, in the order `npm run chaos` runs them; docs/chaos.md is checked against this list. */
export const CHAOS_SCENARIOS: readonly ChaosScenario[] = [
  evaluatorKill,
  notifierKill,
  membersTwoPlusTwo,
  redisRestartAof,
  redisRestartVolatile,
  kafkaStopRestart,
  kafkaKillRestart,
  kafkaPause,
  webhookOutage,
  serveKill,
  serveDiskFull,
];
