import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HandlerConfigError, loadHandlerConfig, type HandlerConfig } from '@vigil/alert-handlers';
import { createLogger, routeProcessWarnings, startIdleHeapTrim } from '@vigil/observability';
import { DataFolder, DataFolderLockedError, type TaskFile } from '@vigil/standalone';
import { onLauncherGone } from '../serve/launcher-watch';
import { startStandalone, type StandaloneServer } from '../serve/standalone-server';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import type { CommandIo } from './command-io';
import { SERVE_ACCESS_OPTIONS, serveAccess } from './serve-access';
import { installTaskFiles, readTaskFolder, TaskFileError } from './serve-tasks';
import { SERVE_STATE_OPTIONS, serveStateTuning } from './serve-state';
import { damagedDataFolderMessage, EXIT_DATA_FOLDER_DAMAGED } from './data-folder-errors';
import { SERVE_HEALTH_OPTIONS, serveHealthTuning } from './serve-health';
import { SERVE_BATCH_OPTIONS, serveBatchSources } from './serve-batch';
import { withDataFolderAllowlists } from './serve-folders';
import { declareServeUdfs, UDF_CONFIG_OPTION } from './udf-config';
import { DECLARED_UDF_AGENTS } from '@vigil/tick-engine';

export const SERVE_OPTIONS: readonly OptionSpec[] = [
  { name: 'data', takesValue: true, description: 'data folder (default ./vigil-data)' },
  { name: 'host', takesValue: true, description: 'address to listen on (default 127.0.0.1)' },
  { name: 'port', takesValue: true, description: 'HTTP port (default 9100; 0 picks a free one)' },
  { name: 'task', takesValue: true, description: 'TICKscript to copy into the data folder and run; repeatable' },
  { name: 'handlers-config', takesValue: true, description: 'JSON file of handler endpoints and secrets (docs/handlers.md)' },
  UDF_CONFIG_OPTION,
  ...SERVE_ACCESS_OPTIONS,
  ...SERVE_STATE_OPTIONS,
  ...SERVE_HEALTH_OPTIONS,
  ...SERVE_BATCH_OPTIONS,
];

export const SERVE_HELP: CommandHelp = {
  usage: 'serve [--data DIR] [--host 127.0.0.1] [--port 9100] [--task FILE.tick ...] [--handlers-config FILE] [--udf-config FILE] [--auth-file FILE] [--insecure] [--metrics-auth open|required] [--tls-cert FILE --tls-key FILE] [--group-idle-batches N] [--group-expiry off|quiet] [--max-groups-per-task N] [--rebuild-max-records N] [--point-retention-bytes N] [--step-interval-ms N] [--failing-liveness-ms N] [--influxdb URL] [--influxdb-clusters FILE] [--prometheus URL]',
  summary: "Standalone mode: ingest's write endpoints, the evaluator and the notifier in one process over a data folder, no Kafka and no Redis. Runs until SIGINT or SIGTERM. Beyond loopback it needs --auth-file (or --insecure); see docs/security.md.",
  options: SERVE_OPTIONS,
  environment: ['LOG_LEVEL   fatal, error, warn, info (default), debug, trace or silent', 'VIGIL_*     the access and state settings, as each option above says; a flag wins over its variable'],
};

/** Signals that stop the server, and how long the stop may take before the process gives up. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * `vigil serve`: ingest, evaluator and notifier in this one process over a data folder, with the
 * write endpoints of ingest. Runs until SIGINT or SIGTERM, then stops taking writes, finishes
 * what is in progress, saves its positions and returns 0.
 */
export async function runServe(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: taskFiles, rest } = takeRepeated(argv, 'task');
  const args = parseArgs(rest, SERVE_OPTIONS);
  if (args.positionals.length > 0) throw new UsageError(`serve takes no arguments, got "${args.positionals.join(' ')}"`);
  const dataDir = resolve(stringOption(args, 'data') ?? 'vigil-data');
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const port = portOption(stringOption(args, 'port') ?? '9100');
  const logLevel = process.env['LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`LOG_LEVEL ${logLevel}: expected one of ${LOG_LEVELS.join(', ')}`);
  // Credentials and certificate are read before the data folder is locked: a refusal leaves nothing to undo.
  const access = serveAccess(args, host, process.env);
  const tuning = { ...serveStateTuning(args, process.env), ...serveHealthTuning(args, process.env) };
  const { described, ...batchSources } = serveBatchSources(args, process.env);
  const configured = readHandlerConfig(stringOption(args, 'handlers-config'), io);
  if (configured === undefined) return 1;
  const handlerConfig = withDataFolderAllowlists(configured, dataDir);
  // Each declared function answers Info before any task is compiled against it.
  await declareServeUdfs(stringOption(args, 'udf-config'));

  let folder: DataFolder;
  try {
    folder = await DataFolder.open(dataDir);
  } catch (error) {
    if (!(error instanceof DataFolderLockedError)) throw error;
    io.stderr(`vigil: ${dataDir}: ${error.message}\n`);
    return 1;
  }
  let tasks: TaskFile[];
  try {
    const taskFolder = await folder.openTasks();
    await installTaskFiles(taskFolder, taskFiles, handlerConfig);
    tasks = await readTaskFolder(taskFolder, handlerConfig);
  } catch (error) {
    await folder.close();
    if (!(error instanceof TaskFileError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }

  const logger = createLogger({ service: 'standalone', level: logLevel });
  routeProcessWarnings(logger);
  if (!tasks.some((task) => task.status === 'enabled')) logger.warn({ dir: folder.paths.tasks }, 'no enabled tasks: points are stored but nothing is evaluated (add one with --task FILE.tick)');
  const stopped = nextStopSignal();
  let server: StandaloneServer;
  try {
    // At debug: vigil serve says one line at start, its listening line (issue 14).
    if (described.influxdb || described.prometheus) logger.debug(described, 'batch tasks query these sources');
    server = await startStandalone({ folder, host, port, access, tasks, handlerConfig, logger, tuning, batchSources });
  } catch (error) {
    const damaged = damagedDataFolderMessage(error, dataDir);
    if (damaged !== undefined) {
      io.stderr(`${damaged}\n`);
      return EXIT_DATA_FOLDER_DAMAGED;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    io.stderr(`vigil: cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  // An idle server gives back the young generation its start-up grew (docs/standalone.md, "Measured rate").
  const idleTrim = startIdleHeapTrim();
  const signal = await stopped;
  idleTrim.stop();
  logger.info({ signal, timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutting down');
  const timeout = setTimeout(() => {
    logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting without a clean close');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  timeout.unref();
  try {
    await server.close();
    await DECLARED_UDF_AGENTS.close();
  } finally {
    clearTimeout(timeout);
  }
  logger.info('stopped');
  return 0;
}

/**
 * Resolves with the first SIGINT or SIGTERM, or when the `vigil` launcher is gone (killed with
 * SIGKILL, which it cannot forward): a server nobody can stop must not keep running. The
 * listeners stay for the life of the process: a repeat is ignored rather than left to Node's
 * default (exit at once), because a Ctrl-C reaches this process twice, from the terminal and
 * forwarded by the `vigil` launcher.
 */
function nextStopSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    for (const signal of STOP_SIGNALS) process.on(signal, () => resolveSignal(signal));
    onLauncherGone(() => resolveSignal('launcher gone'));
  });
}

/** Pulls every `--name value` / `--name=value` out of argv, as parseArgs keeps only one value per option. */
export function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === `--${name}`) {
      const value = argv[++index];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      values.push(value);
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    } else {
      rest.push(arg);
    }
  }
  return { values, rest };
}

function portOption(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port ${text}: expected a port number from 0 to 65535`);
  return port;
}

/** The handler configuration from the file (if any) and the environment; undefined after printing why it is bad. */
function readHandlerConfig(path: string | undefined, io: CommandIo): HandlerConfig | undefined {
  let file: unknown;
  if (path !== undefined) {
    try {
      file = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`--handlers-config ${path}: ${(error as Error).message}`);
    }
  }
  try {
    return loadHandlerConfig(file, process.env);
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    io.stderr(`${path ?? 'handler configuration'}: ${error.message}\n`);
    return undefined;
  }
}
