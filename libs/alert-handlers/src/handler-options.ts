import type { HandlerInstruction } from '@vigil/core';
import { handlerProperties } from '@vigil/tick-lang';

/**
 * A handler instruction or its configuration cannot build a handler. The message says what to
 * change, because it reaches the operator at task definition or notifier boot.
 */
export class HandlerOptionError extends Error {
  override readonly name = 'HandlerOptionError';
}

type Scalar = string | number | boolean;

/** The last value of a property call (Kapacitor: a repeated setter overwrites). */
export function lastOption(instruction: HandlerInstruction, name: string): readonly Scalar[] | undefined {
  let found: readonly Scalar[] | undefined;
  for (const option of instruction.options) if (option.name === name) found = option.args;
  return found;
}

export function allOptions(instruction: HandlerInstruction, name: string): readonly (readonly Scalar[])[] {
  return instruction.options.filter((o) => o.name === name).map((o) => o.args);
}

export function stringOption(instruction: HandlerInstruction, name: string): string | undefined {
  const args = lastOption(instruction, name);
  if (args === undefined) return undefined;
  const value = args[0];
  if (args.length !== 1 || typeof value !== 'string') {
    throw new HandlerOptionError(`.${instruction.kind}().${name}() takes one string, e.g. .${name}('value')`);
  }
  return value;
}

/** A boolean flag: `.flag()` (no argument) means true, as in Kapacitor's property methods. */
export function flagOption(instruction: HandlerInstruction, name: string): boolean {
  const args = lastOption(instruction, name);
  if (args === undefined) return false;
  if (args.length === 0) return true;
  if (typeof args[0] === 'boolean') return args[0];
  throw new HandlerOptionError(`.${instruction.kind}().${name}() takes no argument or a boolean`);
}

/** A TICKscript duration arrives in ns; the result is in ms. */
export function durationOptionMs(instruction: HandlerInstruction, name: string): number | undefined {
  const args = lastOption(instruction, name);
  if (args === undefined) return undefined;
  const value = args[0];
  if (args.length !== 1 || typeof value !== 'number' || !(value > 0)) {
    throw new HandlerOptionError(`.${instruction.kind}().${name}() takes one positive duration, e.g. .${name}(10s)`);
  }
  return value / 1e6;
}

export function stringArg(instruction: HandlerInstruction, index: number, what: string): string | undefined {
  const value = instruction.args[index];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HandlerOptionError(`.${instruction.kind}() takes ${what} as a string`);
  return value;
}

/**
 * Refuses property calls the handler does not know, naming the ones it does. The known names are
 * the catalog's declaration of the handler (tick-lang), the same the script compiler checks, so a
 * task that defines never carries a property its handler refuses at delivery.
 */
export function checkOptionNames(instruction: HandlerInstruction): void {
  const known = handlerProperties(instruction.kind).map((property) => property.name);
  for (const option of instruction.options) {
    if (!known.includes(option.name)) {
      const list = known.length > 0 ? known.map((k) => `.${k}()`).join(', ') : 'none';
      throw new HandlerOptionError(`.${instruction.kind}() has no property .${option.name}(); known: ${list}`);
    }
  }
}
