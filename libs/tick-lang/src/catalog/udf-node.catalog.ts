import type { ArgType, EdgeType, NodeSpec, PropertySpec } from './catalog-types';

/**
 * What a declared user-defined function tells at definition (its agent's Info answer): the edge
 * it wants and the one it provides, and each option with the types of its values. The compiler
 * checks `@name().option(args)` against it, as Kapacitor's `pipeline/udf.go` (`SetProperty`) does.
 */
export interface UdfSignature {
  readonly wants: EdgeType;
  readonly provides: EdgeType;
  /** Option name to the types of its values, in order; an option may be called repeatedly. */
  readonly options: Readonly<Record<string, readonly UdfValueType[]>>;
}

/** The agent protocol's value types, as TICKscript writes their literals. */
export type UdfValueType = 'bool' | 'int' | 'float' | 'string' | 'duration';

/**
 * `@name()`: a node whose work an external agent does. It is declared by the operator's UDF
 * configuration, never by a script, so the catalog's entry is internal and its properties are the
 * function's options, made per function by `udfNodeSpec`.
 */
export const UDF_NODE: NodeSpec = {
  name: 'udf',
  kapacitorName: 'udf',
  category: 'transform',
  internal: true,
  doc:
    'Hands each point or batch to a user-defined function: an agent program the operator declared (or one listening on a unix socket), speaking Kapacitor\'s UDF agent protocol, one process per task node. ' +
    'A script writes `@name()` and sets the options the agent declared as properties (`@movingAverage().field(\'value\').size(10)`); a name not declared in the configuration, an unknown option, or an option with the wrong count or types of values is refused at definition with its line and column. ' +
    'What the agent sends back goes on to the children; an error the agent reports, or an agent silent past its timeout, stops the node (logged with the agent\'s text). The agent\'s own snapshot is kept in the task\'s checkpoints and given back to a new process at restore. ' +
    'See docs/tick-nodes.md, "User-defined functions", for the configuration.',
  properties: [],
  args: [],
  wants: 'any',
  provides: 'same',
};

/** The node spec of one declared function: named as Kapacitor names it (`movingAverage2`), its options as properties. */
export function udfNodeSpec(name: string, signature: UdfSignature): NodeSpec {
  const properties: PropertySpec[] = Object.entries(signature.options).map(([option, types]) => ({
    name: option,
    doc: `An option of the ${name} function.`,
    args: types.map((type, index): { name: string; types: readonly ArgType[] } => ({ name: `value${index + 1}`, types: [type] })),
  }));
  return { ...UDF_NODE, kapacitorName: name, properties, wants: signature.wants, provides: signature.provides };
}
