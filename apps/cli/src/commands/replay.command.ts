import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseLines, parsePrecision, type Precision } from '@vigil/line-protocol';
import { compileTickScript } from '@vigil/tick-lang';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import { readTaskVars } from './task-vars';
import type { CommandIo } from './command-io';
import { withScriptErrors } from './script-errors';
import { ReplayTask, reportDroppedEvents } from './replay-task';
import { BATCH_REPLAY_OPTIONS, runBatchReplay } from './batch-replay';
import { runTopicReplay, TOPIC_REPLAY_OPTIONS } from './topic-replay';
import { NO_UDFS, readUdfConfig, UDF_CONFIG_OPTION, type UdfSetup } from './udf-config';
import { createEngineRegistry } from '@vigil/tick-engine';

export const REPLAY_OPTIONS: readonly OptionSpec[] = [
  { name: 'tick', takesValue: true, description: 'TICKscript file of the task' },
  { name: 'data', takesValue: true, description: 'line-protocol file of the points, replayed in file order' },
  { name: 'precision', takesValue: true, description: 'timestamp precision of the data: ns, us, ms, s (default ns)' },
  { name: 'db', takesValue: true, description: "database the points are written to (default: the task's first dbrp)" },
  { name: 'rp', takesValue: true, description: "retention policy the points are written to (default: the task's first dbrp)" },
  { name: 'vars', takesValue: true, description: 'JSON file of task vars, as `kapacitor define -vars` takes them' },
  { name: 'task-name', takesValue: true, description: 'task name seen by templates (default: the .tick file name)' },
  UDF_CONFIG_OPTION,
  ...BATCH_REPLAY_OPTIONS,
  { name: 'from-serve', takesValue: true, description: "a running vigil serve (http://host:port): replay its retained point log's range against one of its tasks" },
  { name: 'task', takesValue: true, description: 'with --from-serve: the task, as the server has it (script, vars, dbrps); with --from-topic: the task of the tasks topic, as the evaluators have it' },
  { name: 'start', takesValue: true, description: 'with --from-serve or --from-topic: the first point time, RFC 3339' },
  { name: 'stop', takesValue: true, description: 'with --from-serve or --from-topic: the time the range ends before, RFC 3339' },
  ...TOPIC_REPLAY_OPTIONS,
];

export const REPLAY_HELP: CommandHelp = {
  usage: 'replay (--tick task.tick --data points.lp [--precision ns|us|ms|s] [--db DB --rp RP] [--vars vars.json] [--task-name NAME] [--udf-config FILE] | --from-serve http://HOST:PORT --task NAME --start TIME --stop TIME | (--tick task.tick | --task NAME [--tasks-topic TOPIC]) --from-topic TOPIC [--brokers HOST:PORT] --start TIME --stop TIME)',
  summary: "Run a task from empty state over a file of line-protocol points, or over the points a running vigil serve still holds in a time range (--from-serve; VIGIL_TOKEN for a server with credentials), or over a time range of the points topic (--from-topic; docs/evaluator.md), and print every alert event it would hand to its handlers, one Kapacitor alert JSON object per line, in order. Nothing is delivered. Exit 2 on a script error, with its line:column.",
  options: REPLAY_OPTIONS,
};


/**
 * `vigil replay`: runs a task from empty state over a file of points and prints every alert event
 * it would hand to its handlers, one Kapacitor JSON object per line, in emission order. An event
 * whose data holds NaN or an infinity is not printed: the engine drops it as Kapacitor's handlers
 * do, logs it, and the replay goes on and ends with a warning that counts the drops.
 */
export function runReplay(argv: readonly string[], io: CommandIo): number | Promise<number> {
  const args = parseArgs(argv, REPLAY_OPTIONS);
  const server = stringOption(args, 'from-serve');
  if (server !== undefined) return replayFromServe(server, stringOption(args, 'task'), stringOption(args, 'start'), stringOption(args, 'stop'), io);
  if (['influxdb', 'influxdb-clusters', 'prometheus'].some((option) => stringOption(args, option) !== undefined)) return runBatchReplay(args, io);
  if (stringOption(args, 'from-topic') !== undefined) return runTopicReplay(args, io);
  const tickPath = stringOption(args, 'tick');
  const dataPath = stringOption(args, 'data');
  if (!tickPath || !dataPath) throw new UsageError('replay needs --tick FILE and --data FILE');
  const precision = stringOption(args, 'precision') ?? 'ns';
  if (parsePrecision(precision) === undefined) throw new UsageError(`--precision must be one of ns, us, ms, s, m, h (got "${precision}")`);

  const udfPath = stringOption(args, 'udf-config');
  if (udfPath === undefined) return replayFile(args, tickPath, dataPath, precision as Precision, io, NO_UDFS)();
  // The functions' agents answer everything they were sent before the replay ends.
  return readUdfConfig(udfPath).then(async (udf) => {
    const finish = replayFile(args, tickPath, dataPath, precision as Precision, io, udf);
    await udf.agents.close();
    return finish();
  });
}

/** Replays the file through the task and gives what ends the replay: the report of dropped events. */
function replayFile(args: ReturnType<typeof parseArgs>, tickPath: string, dataPath: string, precision: Precision, io: CommandIo, udf: UdfSetup): () => number {
  const source = readFileSync(tickPath, 'utf8');
  const vars = readTaskVars(stringOption(args, 'vars'));
  const { pipeline } = withScriptErrors(tickPath, source, () => compileTickScript(source, { vars, udfs: udf.signatures }));
  const firstDbrp = pipeline.dbrps[0];
  const database = stringOption(args, 'db') ?? firstDbrp?.database ?? 'vigil';
  const retentionPolicy = stringOption(args, 'rp') ?? firstDbrp?.retentionPolicy ?? 'autogen';
  const dbrps = pipeline.dbrps.length > 0 ? pipeline.dbrps : [{ database, retentionPolicy }];
  const taskName = stringOption(args, 'task-name') ?? basename(tickPath).replace(/\.tick$/, '');

  const replay = new ReplayTask({ ...pipeline, dbrps }, { taskName, tickPath, source, io, registry: createEngineRegistry({}, udf.agents) });
  const text = readFileSync(dataPath, 'utf8');
  const parsed = parseLines(text, { precision, database, retentionPolicy, defaultTime: 0n });
  for (const error of parsed.errors) io.stderr(`${dataPath}:${error.line}:${error.column}: ${error.reason} (line skipped)\n`);
  replay.writeAll(parsed.points, io);
  return () => {
    replay.reportDropped(io);
    return 0;
  };
}

/**
 * `vigil replay --from-serve URL --task NAME --start T --stop T`: the server runs its task over
 * the points of its point log in [start, stop) in an engine of its own (`POST /vigil/v1/replays`)
 * and answers the events, printed as the file replay prints them.
 */
async function replayFromServe(server: string, task: string | undefined, start: string | undefined, stop: string | undefined, io: CommandIo): Promise<number> {
  if (!task || !start || !stop) throw new UsageError('replay --from-serve needs --task NAME, --start TIME and --stop TIME');
  const endpoint = new URL('/vigil/v1/replays', server);
  const token = process.env['VIGIL_TOKEN']?.trim();
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ task, start, stop }) });
  } catch (error) {
    const cause = (error as Error).cause;
    io.stderr(`vigil: cannot reach ${endpoint.origin} (--from-serve): ${cause instanceof Error ? cause.message : (error as Error).message}\n`);
    return 1;
  }
  const body = await response.text();
  if (!response.ok) {
    io.stderr(`vigil: ${endpoint.href} answered HTTP ${response.status}: ${body.trim()}\n`);
    return 1;
  }
  io.stdout(body);
  reportDroppedEvents(Number(response.headers.get('x-vigil-dropped') ?? '0'), io);
  return 0;
}
