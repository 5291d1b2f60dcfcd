import { declareUdfSignatures, type UdfSignature, type UdfValueType } from '@vigil/tick-lang';
import { loadUdfInfo } from './agent/udf-info';
import type { InfoMessage, ValueTypeName } from './agent/udf-messages';
import { DECLARED_UDF_AGENTS, type UdfFunctions } from './udf.node';

const VALUE_TYPES: Readonly<Record<ValueTypeName, UdfValueType>> = { BOOL: 'bool', INT: 'int', DOUBLE: 'float', STRING: 'string', DURATION: 'duration' };

/** An agent's Info answer as the compiler checks scripts against it. */
export function udfSignature(info: InfoMessage): UdfSignature {
  const options: Record<string, UdfValueType[]> = {};
  for (const [name, option] of Object.entries(info.options)) options[name] = option.valueTypes.map((type) => VALUE_TYPES[type]);
  return { wants: info.wants === 'BATCH' ? 'batch' : 'stream', provides: info.provides === 'BATCH' ? 'batch' : 'stream', options };
}

/**
 * Asks every declared function for its Info, one after another, as Kapacitor's UDF service does
 * when it opens: a function that cannot answer stops the host's start, naming the function.
 */
export async function loadUdfSignatures(functions: UdfFunctions): Promise<Record<string, UdfSignature>> {
  const signatures: Record<string, UdfSignature> = {};
  for (const [name, config] of Object.entries(functions)) signatures[name] = udfSignature(await loadUdfInfo(name, config));
  return signatures;
}

/**
 * Declares this process's user-defined functions, for a host at boot (vigil serve, the
 * evaluator): asks each for its Info, then makes them what every compile checks `@name()` against
 * (declareUdfSignatures) and what the engine's registries run (DECLARED_UDF_AGENTS). Rejects,
 * naming the function, when one cannot answer; nothing is declared then.
 */
export async function declareUdfFunctions(functions: UdfFunctions): Promise<void> {
  const signatures = await loadUdfSignatures(functions);
  declareUdfSignatures(signatures);
  DECLARED_UDF_AGENTS.declare(functions);
}
