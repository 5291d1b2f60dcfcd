import { CONDITION_FUNCTIONS } from './condition.functions';
import { CONVERSION_FUNCTIONS } from './conversion.functions';
import type { FunctionSpec } from './function-spec';
import { MATH_FUNCTIONS } from './math.functions';
import { STATEFUL_FUNCTIONS } from './stateful.functions';
import { STRING_FUNCTIONS } from './string.functions';
import { TEXT_FUNCTIONS } from './text.functions';
import { TIME_FUNCTIONS } from './time.functions';

/**
 * Every function a lambda may call, by name (Kapacitor's tick/stateful/functions.go list).
 * rand() is deliberately absent: it would bring hidden randomness into the engine (replays and
 * resumed checkpoints could no longer agree), so a lambda calling it fails to compile.
 */
export const BUILTIN_FUNCTIONS: ReadonlyMap<string, FunctionSpec> = registry([
  ...CONVERSION_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...CONDITION_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...STATEFUL_FUNCTIONS,
]);

function registry(specs: readonly FunctionSpec[]): ReadonlyMap<string, FunctionSpec> {
  const byName = new Map<string, FunctionSpec>();
  for (const spec of specs) {
    if (byName.has(spec.name)) throw new Error(`lambda function "${spec.name}" is registered twice`);
    byName.set(spec.name, spec);
  }
  return byName;
}
