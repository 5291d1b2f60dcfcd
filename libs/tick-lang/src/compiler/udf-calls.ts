import type { Position } from '../ast';
import { udfNodeSpec, type UdfSignature } from '../catalog/udf-node.catalog';
import { TickScriptError } from '../diagnostics/tick-script-error';
import type { ArgumentValue } from './argument-check';
import type { NodeBuilder } from './eval-value';
import { nodeName, type PipelineBuilder } from './pipeline-builder';
import { didYouMean } from './suggestions';

/**
 * Applies `@name()`: a child node running a function the operator declared. Only the functions of
 * `udfs` exist (the deployment's UDF configuration, as Kapacitor's `[udf.functions]`); a task
 * cannot declare one. The node's pipeline type is `udf`, its one argument the function's name.
 */
export function applyUdf(
  builder: PipelineBuilder,
  parent: NodeBuilder,
  name: string,
  args: readonly ArgumentValue[],
  udfs: Readonly<Record<string, UdfSignature>>,
  pos: Position,
  source: string,
): NodeBuilder {
  const fail = (message: string, at: Position = pos): never => {
    throw new TickScriptError(message, at, source);
  };
  const signature = Object.hasOwn(udfs, name) ? udfs[name] : undefined;
  if (!signature) {
    const declared = Object.keys(udfs).sort();
    const list = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'none is declared';
    return fail(`no user-defined function ${name} is declared${didYouMean(name, declared)} (${list}); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task`);
  }
  const first = args[0];
  if (first) fail(`@${name}() takes no arguments: set its options as properties (.option(value))`, first.pos);
  if (parent.spec.provides === 'none') fail(`${nodeName(parent)} has no output: nothing can be chained after it`);
  if (parent.edge !== signature.wants) {
    fail(`@${name}() wants ${signature.wants === 'batch' ? 'batches' : 'a stream of points'}, but ${nodeName(parent)} emits ${parent.edge === 'batch' ? 'batches' : 'points'}`);
  }
  return builder.createChild(parent, udfNodeSpec(name, signature), [{ type: 'string', value: name }], pos);
}
