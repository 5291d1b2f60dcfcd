import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { BatchSourceError, batchSourcesOf, BatchTaskRunner, InfluxDBClustersFileError, readInfluxDBClustersFile, runsBetween, scheduleOf, type BatchRun, type BatchSources } from '@vigil/evaluation';
import { compileTickScript } from '@vigil/tick-lang';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';
import type { CommandIo } from './command-io';
import { ReplayTask } from './replay-task';
import { withScriptErrors } from './script-errors';
import { readTaskVars } from './task-vars';

export const BATCH_REPLAY_OPTIONS: readonly OptionSpec[] = [
  { name: 'influxdb', takesValue: true, description: 'batch tasks: the InfluxDB 1.x to query (http://user:password@host:8086); with --start and --stop' },
  { name: 'influxdb-clusters', takesValue: true, description: "batch tasks: JSON file of the named InfluxDBs that .cluster('name') picks (as vigil serve's --influxdb-clusters)" },
  { name: 'prometheus', takesValue: true, description: "batch tasks: the Prometheus promQL() nodes query (http://host:9090)" },
];

/**
 * `vigil replay --tick batch.tick --influxdb URL --start T --stop T`: makes every scheduled run of
 * the task's query nodes whose time falls in [start, stop], as `kapacitor record batch` lists them
 * (`QueryNode.Queries`: each next tick after start, ranges ending after stop left out), against a
 * real InfluxDB, in run-time order, and prints the alert events as the point replay does. The
 * task's clock reads the time of the run being made.
 */
export async function runBatchReplay(args: ParsedArgs, io: CommandIo): Promise<number> {
  const tickPath = stringOption(args, 'tick');
  const start = parseTime(stringOption(args, 'start'), '--start');
  const stop = parseTime(stringOption(args, 'stop'), '--stop');
  if (!tickPath) throw new UsageError('a batch replay needs --tick FILE, --influxdb URL (or --prometheus URL), --start TIME and --stop TIME');
  if (stop < start) throw new UsageError('--stop is before --start');
  const source = readFileSync(tickPath, 'utf8');
  const vars = readTaskVars(stringOption(args, 'vars'));
  const { pipeline } = withScriptErrors(tickPath, source, () => compileTickScript(source, { vars, type: 'batch' }));
  const taskName = stringOption(args, 'task-name') ?? basename(tickPath).replace(/\.tick$/, '');
  const replay = new ReplayTask(pipeline, { taskName, tickPath, source, io, start });
  const { task } = replay;
  const sources = replaySources(args);
  let failures = 0;
  const runner = new BatchTaskRunner(taskName, task, {
    ...(sources.influxdb ? { influxdb: sources.influxdb } : {}),
    ...(sources.prometheus ? { prometheus: sources.prometheus } : {}),
    log: (entry) => {
      if (entry.level === 'error') failures += 1;
      io.stderr(`${entry.node}: ${entry.message}\n`);
    },
  });
  const runs: BatchRun[] = pipeline.nodes
    .filter((node) => node.type === 'query' || node.type === 'promQL')
    .flatMap((node) => runsBetween(scheduleOf(node), start, stop, stop).map((time) => runner.runAt(node.name, time)))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  for (const run of runs) {
    replay.now = run.time;
    task.tick(run.time);
    await runner.run(run);
  }
  replay.reportDropped(io);
  return failures > 0 ? 1 : 0;
}

/**
 * The sources as `vigil serve` reads its flags: `http://user:password@host:8086` carries the
 * credentials, as a Kapacitor `[[influxdb]]` section's username and password; a bad setting is a
 * UsageError that names it and never shows a password.
 */
function replaySources(args: ParsedArgs): BatchSources {
  const influxdbUrl = stringOption(args, 'influxdb');
  const clustersFile = stringOption(args, 'influxdb-clusters');
  const prometheusUrl = stringOption(args, 'prometheus');
  try {
    const influxdbClusters = clustersFile === undefined ? undefined : readInfluxDBClustersFile(clustersFile);
    return batchSourcesOf(
      { ...(influxdbUrl ? { influxdbUrl } : {}), ...(influxdbClusters ? { influxdbClusters } : {}), ...(prometheusUrl ? { prometheusUrl } : {}) },
      { influxdb: '--influxdb', influxdbClusters: '--influxdb-clusters', prometheus: '--prometheus' },
    );
  } catch (error) {
    if (error instanceof InfluxDBClustersFileError) throw new UsageError(`--influxdb-clusters ${error.message}`);
    if (error instanceof BatchSourceError) throw new UsageError(error.message);
    throw error;
  }
}

export function parseTime(text: string | undefined, option: string): bigint {
  if (text === undefined) throw new UsageError(`a batch replay needs ${option} TIME (RFC 3339, e.g. 2024-03-01T10:00:00Z)`);
  const match = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const millis = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
  if (!match || Number.isNaN(millis)) throw new UsageError(`${option} must be an RFC 3339 time such as 2024-03-01T10:00:00Z (got "${text}")`);
  return BigInt(millis) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}
