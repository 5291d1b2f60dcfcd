import { main } from './main';
import type { CommandIo } from './commands/command-io';
import { AUTH_HELP } from './commands/auth.command';
import { CHECK_HELP } from './commands/check.command';
import { DLQ_HELP } from './commands/dlq.command';
import { REPLAY_HELP } from './commands/replay.command';
import { SERVE_HELP } from './commands/serve.command';
import { TEST_HELP } from './commands/test.command';
import type { CommandHelp } from './args/command-help';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Every command and subcommand with its declared help: the list the CLI's help must cover. */
const HELPS: ReadonlyArray<readonly [string, CommandHelp]> = [
  ['replay', REPLAY_HELP],
  ['check', CHECK_HELP],
  ['serve', SERVE_HELP],
  ['dlq', DLQ_HELP],
  ['auth', AUTH_HELP],
  ['test', TEST_HELP],
  ...Object.entries(DLQ_HELP.subcommands ?? {}).map(([sub, help]) => [`dlq ${sub}`, help] as const),
  ...Object.entries(AUTH_HELP.subcommands ?? {}).map(([sub, help]) => [`auth ${sub}`, help] as const),
];

describe('vigil <command> --help', () => {
  it.each(HELPS.flatMap(([command, help]) => [[command, '--help', help], [command, '-h', help]] as const))('vigil %s %s exits 0 with its usage and every option', async (command, flag, help) => {
    const result = await run(...command.split(' '), flag);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`usage: vigil ${help.usage}`);
    for (const option of help.options) expect(result.stdout).toContain(`--${option.name}`);
    for (const sub of Object.values(help.subcommands ?? {})) expect(result.stdout).toContain(`vigil ${sub.usage}`);
  });

  it('answers --help after other options, without running the command', async () => {
    const result = await run('replay', '--tick', 'missing.tick', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: vigil replay');
  });

  it('takes `vigil help <command> [subcommand]` as `vigil <command> [subcommand] --help`', async () => {
    expect((await run('help', 'dlq', 'replay')).stdout).toContain(`usage: vigil ${DLQ_HELP.subcommands?.['replay']?.usage ?? 'missing'}`);
    expect((await run('help', 'check')).stdout).toContain(`usage: vigil ${CHECK_HELP.usage}`);
  });

  it('prints the command list for `vigil --help`, `-h` and `help` with exit 0, and for no command with exit 1', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await run(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('usage: vigil <command> [options]');
    }
    expect((await run()).code).toBe(1);
  });

  it('still refuses an unknown option with exit 1', async () => {
    const result = await run('serve', '--halp');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown option --halp');
  });
});
