import { join, resolve } from 'node:path';
import { DEFAULT_SCENARIO_DIR } from './demo-scenario';

/** What `npm run demo -- [options]` asked for. */
export interface DemoOptions {
  /** Run ingest, evaluator and notifier on the real Kafka and Redis instead of `vigil serve`. */
  readonly kafka: boolean;
  /** Exit by itself once the expected payloads arrived (0), or differ or time out (1). */
  readonly once: boolean;
  /** How long to wait for the expected payloads after the last request was written. */
  readonly timeoutMs: number;
  /** Print each payload indented as well as raw. */
  readonly pretty: boolean;
  /** Keep the run folder (task, data, logs) after a successful exit; failed runs always keep it. */
  readonly keep: boolean;
  /** Ports tried first for the broker and for vigil's /write; busy ones fall back to free ports. */
  readonly brokerPort: number;
  readonly vigilPort: number;
  /** The scenario folder (a .tick, requests.lp, expected.jsonl), absolute. */
  readonly scenarioDir: string;
  /** The folder as the user named it, for messages. */
  readonly scenarioLabel: string;
  readonly help: boolean;
}

export const DEMO_USAGE = `usage: npm run demo -- [options]

Starts vigil with the seed's provider-health task, a small HTTP broker that prints every alert it
receives, and writes provider requests through /write so that CRITICAL and INFO alerts of two
providers arrive at the broker. Ctrl-C stops everything it started.

options:
  --kafka            run ingest, evaluator and notifier on Kafka and Redis (started with
                     \`npm run infra -- up\` when KAFKA_BROKERS / REDIS_URL name none)
  --once             exit once the expected payloads arrived (exit 0), or with exit 1 when they
                     differ or do not arrive within --timeout
  --timeout SECONDS  how long to wait for the payloads after the last request (default 60)
  --pretty           also print each payload indented
  --keep             keep the run folder (.vigil/demo/<run>) after a successful exit
  --broker-port N    broker port to try first (default 9000)
  --port N           vigil /write port to try first (default 9100)
  --scenario DIR     play another folder of the same shape as examples/provider-health: one
                     .tick task (its .post() URLs are pointed at the broker), requests.lp,
                     expected.jsonl (default examples/provider-health)
`;

export class DemoUsageError extends Error {}

/** `root` is the repository; a relative --scenario is taken from where npm was started (INIT_CWD). */
export function parseDemoArgs(argv: readonly string[], root: string): DemoOptions {
  const flags = { kafka: false, once: false, pretty: false, keep: false, help: false };
  let timeoutMs = 60_000;
  let brokerPort = 9000;
  let vigilPort = 9100;
  let scenarioLabel = DEFAULT_SCENARIO_DIR;
  let scenarioDir = join(root, DEFAULT_SCENARIO_DIR);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new DemoUsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--kafka':
        flags.kafka = true;
        break;
      case '--once':
        flags.once = true;
        break;
      case '--pretty':
        flags.pretty = true;
        break;
      case '--keep':
        flags.keep = true;
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      case '--timeout':
        timeoutMs = positiveInt(arg, value(), 3600) * 1000;
        break;
      case '--broker-port':
        brokerPort = positiveInt(arg, value(), 65535);
        break;
      case '--port':
        vigilPort = positiveInt(arg, value(), 65535);
        break;
      case '--scenario':
        scenarioLabel = value();
        scenarioDir = resolve(process.env['INIT_CWD'] ?? process.cwd(), scenarioLabel);
        break;
      default:
        throw new DemoUsageError(`unknown option "${arg}"`);
    }
  }
  return { ...flags, timeoutMs, brokerPort, vigilPort, scenarioDir, scenarioLabel };
}

function positiveInt(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new DemoUsageError(`${name} expects a whole number from 1 to ${max}, got "${text}"`);
  return value;
}
