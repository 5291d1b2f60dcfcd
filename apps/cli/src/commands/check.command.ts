import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compileTickScript, pipelineToDot } from '@vigil/tick-lang';
import { createEngineRegistry, validateTask } from '@vigil/tick-engine';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import { readTaskVars } from './task-vars';
import type { CommandIo } from './command-io';
import { withScriptErrors } from './script-errors';
import { NO_UDFS, readUdfConfig, UDF_CONFIG_OPTION, type UdfSetup } from './udf-config';

export const CHECK_OPTIONS: readonly OptionSpec[] = [
  { name: 'dot', takesValue: false, description: 'print the pipeline as a DOT graph, as `kapacitor show` does' },
  { name: 'vars', takesValue: true, description: 'JSON file of task vars' },
  { name: 'task-name', takesValue: true, description: 'task name (default: the .tick file name)' },
  UDF_CONFIG_OPTION,
];

export const CHECK_HELP: CommandHelp = {
  usage: 'check task.tick [--dot] [--vars vars.json] [--task-name NAME] [--udf-config FILE]',
  summary: 'Validate a task as `kapacitor define` would (language, node properties, lambdas, templates, handler options); print "ok" or the first problem with its line:column (exit 2), or the pipeline as DOT with --dot.',
  options: CHECK_OPTIONS,
};

/**
 * `vigil check`: compiles a task the way `kapacitor define` would (language, node properties,
 * lambdas, templates, handler options) and reports the first problem with its line:column.
 */
export function runCheck(argv: readonly string[], io: CommandIo): number | Promise<number> {
  const args = parseArgs(argv, CHECK_OPTIONS);
  const udfPath = stringOption(args, 'udf-config');
  // With functions declared, each is asked for its Info first, as Kapacitor's UDF service does.
  if (udfPath !== undefined) return readUdfConfig(udfPath).then((udf) => check(args, io, udf));
  return check(args, io, NO_UDFS);
}

function check(args: ReturnType<typeof parseArgs>, io: CommandIo, udf: UdfSetup): number {
  const [tickPath, ...rest] = args.positionals;
  if (!tickPath || rest.length > 0) throw new UsageError('check needs exactly one TICKscript file');
  const source = readFileSync(tickPath, 'utf8');
  const taskName = stringOption(args, 'task-name') ?? basename(tickPath).replace(/\.tick$/, '');
  const vars = readTaskVars(stringOption(args, 'vars'));
  const { pipeline } = withScriptErrors(tickPath, source, () => compileTickScript(source, { vars, udfs: udf.signatures }));
  withScriptErrors(tickPath, source, () => validateTask(pipeline, taskName, createEngineRegistry({}, udf.agents)));
  if (args.options.has('dot')) io.stdout(`${pipelineToDot(pipeline, taskName)}\n`);
  else io.stdout(`${tickPath}: ok\n`);
  return 0;
}
