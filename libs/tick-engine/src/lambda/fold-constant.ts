import type { Position } from '@vigil/tick-lang';
import { LambdaError, type LambdaValue } from './compiled-lambda';
import { constantProbe, type CompiledNode, type EvalContext } from './compiled-node';
import { MISSING, typeCode } from './value-type';

/** Operators never read the point when all their operands are literals. */
const NO_POINT: EvalContext = { slots: [], functions: [], now: () => 0n };

export function constantNode(value: LambdaValue, position: Position, text: string): CompiledNode {
  const type = typeCode(value);
  return { evaluate: () => value, probeType: constantProbe(type), staticType: type, stateful: false, constant: value, position, text };
}

/**
 * Replaces an operator whose operands are all literals (`-5`, `2 * 10s`) by its value, so that
 * the comparisons above it can be specialised. An operator that fails on its literals (`1 / 0`)
 * is kept, to fail at each evaluation as it does in Kapacitor.
 */
export function foldConstant(node: CompiledNode, operands: readonly CompiledNode[]): CompiledNode {
  if (node.stateful || operands.some((operand) => operand.constant === undefined)) return node;
  try {
    const value = node.evaluate(NO_POINT);
    return value === MISSING ? node : constantNode(value, node.position, node.text);
  } catch (error) {
    if (error instanceof LambdaError) return node;
    throw error;
  }
}
