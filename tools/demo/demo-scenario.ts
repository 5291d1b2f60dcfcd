import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The scenario `npm run demo` plays unless --scenario names another folder of the same shape. */
export const DEFAULT_SCENARIO_DIR = 'examples/provider-health';

/** One line of requests.lp: what is written to /write, and what the demo prints about it. */
export interface ProviderRequest {
  readonly line: string;
  /** The point's time in nanoseconds, when the line carries one. */
  readonly timeNs: bigint | undefined;
  /** A short description: provider, outcome and latency for the seed's measurement, else the line. */
  readonly summary: string;
  /** Whether the request failed, for colour; undefined when the line is not a provider request. */
  readonly failed: boolean | undefined;
}

/** One payload the broker must receive, as Kapacitor's (and vigil's) compact JSON. */
export interface ExpectedPayload {
  readonly alertId: string;
  readonly level: string;
  readonly body: string;
}

export interface DemoScenario {
  readonly taskName: string;
  /** The task with every `.post()` pointing at the demo's broker. */
  readonly task: string;
  /** `db=...&rp=...` of the task's dbrp, for the write URL. */
  readonly writeQuery: string;
  readonly requests: readonly ProviderRequest[];
  readonly expected: readonly ExpectedPayload[];
  /** The folder as the user named it, for messages. */
  readonly label: string;
}

/**
 * Reads a scenario folder: one `<task>.tick` (its `.post()` URLs are replaced with `brokerUrl`,
 * its `dbrp` says where to write), `requests.lp` (written in order) and `expected.jsonl` (the
 * payloads, one JSON line each, in order per alert id).
 */
export function loadScenario(dir: string, label: string, brokerUrl: string): DemoScenario {
  const ticks = readdirSync(dir).filter((file) => file.endsWith('.tick'));
  const [tickFile] = ticks;
  if (tickFile === undefined || ticks.length > 1) throw new Error(`${label} must hold exactly one .tick file (it holds ${ticks.length})`);
  const script = readFileSync(join(dir, tickFile), 'utf8');
  const posts = /\.post\(\s*'[^']*'\s*\)/g;
  if (!script.match(posts)) throw new Error(`${label}/${tickFile} has no .post('<url>'): the demo's broker would receive nothing`);
  const dbrp = /^\s*dbrp\s+"([^"]+)"\."([^"]+)"/m.exec(script);
  if (!dbrp) throw new Error(`${label}/${tickFile} has no dbrp "<db>"."<rp>" statement: the demo does not know where to write`);
  return {
    taskName: basename(tickFile, '.tick'),
    task: script.replace(posts, `.post('${brokerUrl}')`),
    writeQuery: new URLSearchParams({ db: dbrp[1] ?? '', rp: dbrp[2] ?? '' }).toString(),
    requests: nonEmptyLines(readFileSync(join(dir, 'requests.lp'), 'utf8')).map(describeRequest),
    expected: nonEmptyLines(readFileSync(join(dir, 'expected.jsonl'), 'utf8')).map((body) => parseExpected(body, label)),
    label,
  };
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * The facts the demo prints about one line. Lines of the seed's measurement read as a provider
 * request; any other line is shown as it is (vigil's own parser reads it on /write).
 */
function describeRequest(line: string): ProviderRequest {
  const time = /\s(\d+)\s*$/.exec(line)?.[1];
  const timeNs = time === undefined ? undefined : BigInt(time);
  const seed = /^performance_influx,nome_recurso=([^, ]+),nome_provedor=([^, ]+) latencia=([^, ]+),sucesso=(\d+)i\b/.exec(line);
  if (!seed) return { line, timeNs, summary: line, failed: undefined };
  const [, resource, provider, latency, success] = seed;
  const failed = success !== '1';
  return { line, timeNs, summary: `${resource}/${provider}  ${failed ? 'failed' : 'ok    '}  latencia=${latency}`, failed };
}

function parseExpected(body: string, label: string): ExpectedPayload {
  const event = JSON.parse(body) as { id?: unknown; level?: unknown };
  if (typeof event.id !== 'string' || typeof event.level !== 'string') throw new Error(`${label}/expected.jsonl: a line without id or level: ${body}`);
  return { alertId: event.id, level: event.level, body };
}
