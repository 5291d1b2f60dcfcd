import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder of the scenario, relative to the repository root. */
export const SCENARIO_DIR = 'examples/provider-health';
export const TASK_NAME = 'provider_health';
/** The URL the task file posts to; the demo swaps it for its broker's address. */
const TASK_POST_URL = 'http://localhost:9000/alerts';

/** One provider request of requests.lp: the line written to /write, and what the demo prints about it. */
export interface ProviderRequest {
  readonly line: string;
  readonly timeNs: bigint;
  readonly provider: string;
  readonly succeeded: boolean;
  readonly latency: string;
}

/** One payload the broker must receive, as Kapacitor's (and vigil's) compact JSON. */
export interface ExpectedPayload {
  readonly alertId: string;
  readonly level: string;
  readonly body: string;
}

export interface DemoScenario {
  /** The task with its .post() URL pointing at the demo's broker. */
  readonly task: string;
  readonly requests: readonly ProviderRequest[];
  readonly expected: readonly ExpectedPayload[];
  /** Where the files came from, for messages. */
  readonly dir: string;
}

export function loadScenario(root: string, brokerUrl: string): DemoScenario {
  const dir = join(root, SCENARIO_DIR);
  const script = readFileSync(join(dir, `${TASK_NAME}.tick`), 'utf8');
  if (!script.includes(`'${TASK_POST_URL}'`)) throw new Error(`${SCENARIO_DIR}/${TASK_NAME}.tick no longer posts to ${TASK_POST_URL}; the demo cannot point it at its broker`);
  return {
    task: script.replace(`'${TASK_POST_URL}'`, `'${brokerUrl}'`),
    requests: nonEmptyLines(readFileSync(join(dir, 'requests.lp'), 'utf8')).map(parseRequest),
    expected: nonEmptyLines(readFileSync(join(dir, 'expected.jsonl'), 'utf8')).map(parseExpected),
    dir: SCENARIO_DIR,
  };
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * Reads the few facts the demo prints from one line of requests.lp. The file is the demo's own
 * (no escaped characters), so a pattern suffices; vigil's real parser reads the line on /write.
 */
function parseRequest(line: string): ProviderRequest {
  const match = /^performance_influx,nome_recurso=(\S+?),nome_provedor=(\S+) latencia=([^,]+),sucesso=(\d+)i (\d+)$/.exec(line);
  if (!match) throw new Error(`${SCENARIO_DIR}/requests.lp: unexpected line "${line}"`);
  const [, resource, provider, latency, success, time] = match;
  return { line, timeNs: BigInt(time ?? '0'), provider: `${resource}/${provider}`, succeeded: success === '1', latency: latency ?? '' };
}

function parseExpected(body: string): ExpectedPayload {
  const event = JSON.parse(body) as { id?: unknown; level?: unknown };
  if (typeof event.id !== 'string' || typeof event.level !== 'string') throw new Error(`${SCENARIO_DIR}/expected.jsonl: a line without id or level: ${body}`);
  return { alertId: event.id, level: event.level, body };
}
