import { HelpRequested, isHelpFlag, UsageError } from './args/parse-args';
import { helpOf, renderHelp, type CommandHelp } from './args/command-help';
import type { CommandIo } from './commands/command-io';
import { ScriptFileError } from './commands/script-errors';

const USAGE = `usage: vigil <command> [options]

commands:
  replay --tick task.tick --data points.lp [--precision ns|us|ms|s] [--db DB --rp RP]
         [--vars vars.json] [--task-name NAME]
                      run a task over a file of points; print its alert events as JSON lines
  test FILE.test.yaml|FOLDER ...   run rule tests: a task's alerts for given points, or a vigil serve's history (docs/rule-tests.md)
  check task.tick [--dot] [--vars vars.json]
                      validate a task; print its pipeline as DOT with --dot
  dlq list [--event ID] [--handler KEY] [--data DIR]
                      print the notifier's dead letters as JSON lines (--data: a vigil serve folder's)
  dlq replay [--event ID] [--handler KEY] [--dry-run] [--data DIR | --url http://HOST:PORT]
                      re-publish still-dead events to the alerts topic for the notifier
                      (--url: through a running vigil serve; --data: into a stopped one's folder)
                      (env: KAFKA_BROKERS, REDIS_URL, ALERTS_TOPIC, DEAD_LETTER_TOPIC, REDIS_KEY_PREFIX)
  serve [--data DIR] [--host 127.0.0.1] [--port 9100] [--task FILE.tick ...] [--handlers-config FILE] [--udf-config FILE]
        [--auth-file FILE] [--insecure] [--metrics-auth open|required] [--tls-cert FILE --tls-key FILE]
                      standalone mode: ingest's write endpoints, the evaluator and the notifier in
                      one process over a data folder (default ./vigil-data); stops on SIGINT/SIGTERM;
                      beyond loopback it needs --auth-file (or --insecure); docs/security.md
  repair [--data DIR] [--dry-run]
                      check a stopped vigil serve's data folder; cut damaged files at their last
                      good record, saying what was dropped (docs/standalone.md, "Corrupt files")
  auth token --name NAME --permissions P,P   print a new token and its credentials-file entry
  auth hash [--kind scrypt|sha256]           read a secret on stdin, print its hash for a credentials file

vigil <command> --help (or -h, or vigil help <command>) prints a command's options.
`;

interface Command {
  run(argv: readonly string[], io: CommandIo): number | Promise<number>;
  readonly help: CommandHelp;
}

/**
 * Each command's module is loaded only when that command runs (or prints its help): the commands
 * share no libraries worth preloading, and a long-running `vigil serve` would otherwise keep
 * kafkajs, ioredis and the schema registry client (dlq, replay --from-topic) resident for nothing.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  replay: async () => {
    const { runReplay, REPLAY_HELP } = await import('./commands/replay.command.js');
    return { run: runReplay, help: REPLAY_HELP };
  },
  test: async () => {
    const { runTest, TEST_HELP } = await import('./commands/test.command.js');
    return { run: runTest, help: TEST_HELP };
  },
  check: async () => {
    const { runCheck, CHECK_HELP } = await import('./commands/check.command.js');
    return { run: runCheck, help: CHECK_HELP };
  },
  dlq: async () => {
    const { runDlq, DLQ_HELP } = await import('./commands/dlq.command.js');
    return { run: runDlq, help: DLQ_HELP };
  },
  auth: async () => {
    const { runAuth, AUTH_HELP } = await import('./commands/auth.command.js');
    return { run: runAuth, help: AUTH_HELP };
  },
  repair: async () => {
    const { runRepair, REPAIR_HELP } = await import('./commands/repair.command.js');
    return { run: runRepair, help: REPAIR_HELP };
  },
  serve: async () => {
    const { runServe, SERVE_HELP } = await import('./commands/serve.command.js');
    return { run: runServe, help: SERVE_HELP };
  },
};

/**
 * Exit codes: 0 success (and --help), 1 usage or I/O error, 2 script error (as the replay contract
 * says), 3 a damaged data folder (vigil serve, `vigil repair --dry-run`: run `vigil repair`).
 */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, ...afterFirst] = argv;
  // `vigil help serve` is `vigil serve --help`.
  const [name, ...rest] = first === 'help' && afterFirst.length > 0 ? [...afterFirst, '--help'] : argv;
  if (!name || isHelpFlag(name) || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 1;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`vigil: unknown command "${name}"\n${USAGE}`);
    return 1;
  }
  const command = await load();
  try {
    // A help flag where a subcommand goes (`vigil dlq --help`) never reaches an option parser.
    if (isHelpFlag(rest[0])) throw new HelpRequested();
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof HelpRequested)) return reportError(error, io);
    io.stdout(renderHelp(helpOf(command.help, rest)));
    return 0;
  }
}

function reportError(error: unknown, io: CommandIo): number {
  if (error instanceof ScriptFileError) {
    io.stderr(`${error.format()}\n`);
    return 2;
  }
  if (error instanceof UsageError) {
    io.stderr(`vigil: ${error.message}\n`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    io.stderr(`vigil: ${(error as Error).message}\n`);
    return 1;
  }
  throw error;
}

if (require.main === module) {
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTerminal: process.stderr.isTTY === true,
    nowMs: () => performance.now(),
  };
  main(process.argv.slice(2), io).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (error: unknown) => {
      process.stderr.write(`vigil: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(70);
    },
  );
}
