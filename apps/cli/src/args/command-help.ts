import type { OptionSpec } from './parse-args';

/**
 * What `vigil <command> --help` prints, declared beside the command's options so that the help
 * lists exactly the options the parser accepts. A command with subcommands (`dlq`, `auth`)
 * declares one help per subcommand; its own help lists them.
 */
export interface CommandHelp {
  /** The synopsis, without the leading `vigil `: `check task.tick [--dot]`. */
  readonly usage: string;
  /** What the command does, in a sentence or two. */
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Environment variables the command reads, with what each means. */
  readonly environment?: readonly string[];
  readonly subcommands?: Readonly<Record<string, CommandHelp>>;
}

/** The help of `argv`'s subcommand when it names one, else the command's own. */
export function helpOf(help: CommandHelp, argv: readonly string[]): CommandHelp {
  const sub = argv[0] === undefined ? undefined : help.subcommands?.[argv[0]];
  return sub ?? help;
}

export function renderHelp(help: CommandHelp): string {
  const lines = [`usage: vigil ${help.usage}`, '', ...wrap(help.summary, 2)];
  const subcommands = Object.values(help.subcommands ?? {});
  if (subcommands.length > 0) {
    lines.push('', 'subcommands:');
    for (const sub of subcommands) lines.push(`  vigil ${sub.usage}`, ...wrap(sub.summary, 6));
    lines.push('', `vigil ${help.usage.split(' ')[0] ?? ''} <subcommand> --help lists a subcommand's options`);
  }
  const options = [...help.options, { name: 'help', takesValue: false, description: 'print this help and exit' }];
  lines.push('', 'options:');
  const shown = options.map((option) => `--${option.name}${option.takesValue ? ` ${placeholder(help.usage, option.name)}` : ''}${option.name === 'help' ? ', -h' : ''}`);
  const width = Math.max(...shown.map((text) => text.length)) + 2;
  options.forEach((option, index) => lines.push(`  ${(shown[index] ?? '').padEnd(width)}${option.description}`));
  if (help.environment !== undefined && help.environment.length > 0) lines.push('', 'environment:', ...help.environment.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}

/** The word the synopsis shows after `--name` (`--data DIR` gives DIR), else VALUE. */
function placeholder(usage: string, name: string): string {
  const shown = new RegExp(`--${name}[ =]([^\\s\\]]+)`).exec(usage)?.[1];
  return shown === undefined || shown.startsWith('-') ? 'VALUE' : shown;
}

/** Breaks prose into lines of at most 96 characters, each indented. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent + line.length + 1 + word.length > 96) {
      lines.push(`${' '.repeat(indent)}${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`${' '.repeat(indent)}${line}`);
  return lines;
}
