/**
 * A small, strict argument parser: `--name value`, `--name=value` and boolean `--flag`.
 * Unknown options are errors so that a typo never silently changes what a command does, except
 * `--help` and `-h`, which every command takes: they stop the parse with HelpRequested.
 */
export interface OptionSpec {
  readonly name: string;
  readonly takesValue: boolean;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Thrown by parseArgs for `--help` or `-h`: the caller prints the command's help and exits 0. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
  constructor() {
    super('help requested');
  }
}

/** `--help` and `-h`, the words that ask any command for its help. */
export function isHelpFlag(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h';
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (isHelpFlag(arg)) throw new HelpRequested();
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inlineValue] = splitOption(arg.slice(2));
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`).join(', ');
      throw new UsageError(`unknown option --${name} (known: ${known || 'none'})`);
    }
    if (!spec.takesValue) {
      if (inlineValue !== undefined) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = inlineValue ?? argv[++index];
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, options };
}

function splitOption(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
