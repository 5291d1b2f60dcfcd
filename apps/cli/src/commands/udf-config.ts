import { readFileSync } from 'node:fs';
import { declareUdfFunctions, loadUdfSignatures, parseUdfConfig, UdfAgents, type UdfFunctions } from '@vigil/tick-engine';
import type { UdfSignature } from '@vigil/tick-lang';
import { UsageError, type OptionSpec } from '../args/parse-args';

export const UDF_CONFIG_OPTION: OptionSpec = {
  name: 'udf-config',
  takesValue: true,
  description: 'JSON file of the user-defined functions tasks may call with @name() (docs/tick-nodes.md, "User-defined functions")',
};

/** A deployment's user-defined functions: their agents (for the engine) and their Info (for the compiler). */
export interface UdfSetup {
  readonly agents: UdfAgents;
  readonly signatures: Readonly<Record<string, UdfSignature>>;
}

/** No function declared: every `@name()` is refused. */
export const NO_UDFS: UdfSetup = { agents: new UdfAgents(), signatures: {} };

/**
 * Reads `--udf-config FILE` and asks each function for its Info, as Kapacitor's UDF service does
 * when it opens. Without the option no function is declared, so every `@name()` is refused.
 */
export async function readUdfConfig(path: string | undefined): Promise<UdfSetup> {
  if (!path) return NO_UDFS;
  const functions = readUdfFunctions(path);
  try {
    return { agents: new UdfAgents(functions), signatures: await loadUdfSignatures(functions) };
  } catch (error) {
    throw new UsageError(`--udf-config ${path}: ${(error as Error).message}`);
  }
}

/**
 * `vigil serve --udf-config FILE`: the functions become the process's (declareUdfFunctions), so
 * the task API, task files and the engine all see them. Without the option nothing is declared.
 */
export async function declareServeUdfs(path: string | undefined): Promise<void> {
  if (!path) return;
  const functions = readUdfFunctions(path);
  try {
    await declareUdfFunctions(functions);
  } catch (error) {
    throw new UsageError(`--udf-config ${path}: ${(error as Error).message}`);
  }
}

function readUdfFunctions(path: string): UdfFunctions {
  try {
    return parseUdfConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(`--udf-config ${message.startsWith(path) ? message : `${path}: ${message}`}`);
  }
}
