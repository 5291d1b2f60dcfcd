import type { ArgSpec, ArgType, Expr, NodeSpec as DeclaredNode, PipelineNode, Position, PropertyCall, PropertySpec, Signature, TickValue } from '@vigil/tick-lang';
import { TaskDefinitionError } from './definition-error';

/**
 * The validated definition of one pipeline node: its arguments and properties checked against
 * the node's declaration in tick-lang's catalog (the one place a node's arguments, properties,
 * defaults and cross-property checks are written), with typed accessors. A property set twice keeps the last value, as
 * Kapacitor's setters do; a property never set gives the catalog's default, else Go's zero value.
 */
export class NodeDefinition {
  constructor(
    readonly node: PipelineNode,
    private readonly declared: DeclaredNode,
  ) {
    checkSignature(node, node.args, declared, `${node.type}()`, node.pos);
    for (const call of node.properties) checkProperty(node, call, declared.properties);
    // The checks across properties Kapacitor's pipeline makes (`validate()`), as the compiler ran them.
    const problem = declared.validate?.(node)[0];
    if (problem) throw new TaskDefinitionError(problem.pos, node.name, problem.message);
  }

  get name(): string {
    return this.node.name;
  }

  fail(reason: string, pos: Position = this.node.pos): never {
    throw new TaskDefinitionError(pos, this.node.name, reason);
  }

  /** A chaining-method argument. */
  arg(index: number): TickValue | undefined {
    return this.node.args[index];
  }

  /** A chaining-method argument the signature declared (and the constructor checked). */
  argString(index: number): string {
    return asString(this.requiredArg(index));
  }

  argLambda(index: number): Expr {
    return asLambda(this.requiredArg(index));
  }

  argInt(index: number): bigint {
    return asInt(this.requiredArg(index));
  }

  argFloat(index: number): number {
    return asFloat(this.requiredArg(index));
  }

  argDuration(index: number): bigint {
    return asDuration(this.requiredArg(index));
  }

  private requiredArg(index: number): TickValue {
    const value = this.node.args[index];
    if (!value) return this.fail(`${this.node.type}() argument ${index + 1} is missing`);
    return value;
  }

  /** The last call of a property, if any. */
  last(name: string): PropertyCall | undefined {
    let found: PropertyCall | undefined;
    for (const call of this.node.properties) if (call.name === name) found = call;
    return found;
  }

  /** Every call of a property, in script order. */
  calls(name: string): PropertyCall[] {
    return this.node.properties.filter((call) => call.name === name);
  }

  has(name: string): boolean {
    return this.last(name) !== undefined;
  }

  /** The last call's argument, else the declared default, else the empty string. */
  string(name: string): string {
    const value = this.valueOf(name);
    return value ? asString(value) : '';
  }

  duration(name: string): bigint {
    const value = this.valueOf(name);
    return value ? asDuration(value) : 0n;
  }

  int(name: string): bigint {
    const value = this.valueOf(name);
    return value ? asInt(value) : 0n;
  }

  float(name: string): number {
    const value = this.valueOf(name);
    return value ? asFloat(value) : 0;
  }

  /** The first argument of the property's last call, or the catalog's default for it. */
  private valueOf(name: string): TickValue | undefined {
    const declared = this.declared.properties.find((property) => property.name === name);
    if (!declared) throw new Error(`${this.node.type} declares no property .${name}() in the catalog`);
    return this.last(name)?.args[0] ?? declared.default;
  }

  /** The string arguments of the last call of a variadic property (`.keep('a', 'b')`). */
  strings(name: string): string[] | undefined {
    return this.last(name)?.args.map(asString);
  }
}

/**
 * A property call against the declared properties. A property that opens a handler (the alert
 * node's `.post()`) takes its own properties: the compiler nests a handler's calls one level down.
 */
function checkProperty(node: PipelineNode, call: PropertyCall, properties: readonly PropertySpec[], owner = node.type): void {
  const declared = properties.find((property) => property.name === call.name);
  if (!declared) throw new TaskDefinitionError(call.pos, node.name, `${owner} has no property .${call.name}()`);
  if (declared.unsupported) throw new TaskDefinitionError(call.pos, node.name, declared.unsupported);
  checkSignature(node, call.args, declared, `.${call.name}()`, call.pos);
  const inner = call.properties[0];
  if (inner && !declared.opens) throw new TaskDefinitionError(inner.pos, node.name, `.${call.name}() has no property .${inner.name}()`);
  for (const option of call.properties) checkProperty(node, option, declared.opens?.properties ?? [], `.${call.name}()`);
}

function checkSignature(node: PipelineNode, args: readonly TickValue[], signature: Signature, what: string, pos: Position): void {
  const max = signature.rest ? Infinity : signature.args.length;
  const min = signature.args.filter((arg) => !arg.optional).length + (signature.rest?.min ?? 0);
  if (args.length < min || args.length > max) {
    const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
    throw new TaskDefinitionError(pos, node.name, `${what} takes ${expected} argument${/(^| )1$/.test(expected) ? '' : 's'}, got ${args.length}`);
  }
  args.forEach((value, i) => {
    const spec = signature.args[i] ?? signature.rest;
    if (spec && !accepts(spec, value)) {
      throw new TaskDefinitionError(pos, node.name, `${what} argument ${i + 1} must be ${describeTypes(spec.types)}, got ${describeValue(value)}${referenceHint(value)}`);
    }
  });
}

/** Whether a value fits a declared argument; an int is taken for a float, as Go's reflection-based setters convert it. */
function accepts(spec: ArgSpec, value: TickValue): boolean {
  if (value.type === 'int' && spec.types.includes('float')) return true;
  return (spec.types as readonly string[]).includes(value.type);
}

function describeTypes(types: readonly ArgType[]): string {
  if (types.length === 2 && types.includes('string') && types.includes('star')) return 'a tag name or *';
  return types.map((type) => (type === 'int' ? 'an int' : `a ${type}`)).join(' or ');
}

/** A script value as an error message names it (`the string 'x'`, `a duration`). */
export function describeValue(value: TickValue): string {
  switch (value.type) {
    case 'string':
      return `the string '${value.value}'`;
    case 'reference':
      return `the reference "${value.name}"`;
    case 'int':
    case 'float':
    case 'bool':
      return `the ${value.type} ${String(value.value)}`;
    default:
      return `a ${value.type}`;
  }
}

function referenceHint(value: TickValue): string {
  return value.type === 'reference' ? ' (did you use double quotes instead of single quotes?)' : '';
}

export function asString(value: TickValue): string {
  if (value.type === 'string') return value.value;
  throw new Error(`expected a string, got ${value.type}`);
}

export function asDuration(value: TickValue): bigint {
  if (value.type === 'duration') return value.ns;
  throw new Error(`expected a duration, got ${value.type}`);
}

export function asInt(value: TickValue): bigint {
  if (value.type === 'int') return value.value;
  throw new Error(`expected an int, got ${value.type}`);
}

export function asFloat(value: TickValue): number {
  if (value.type === 'float') return value.value;
  if (value.type === 'int') return Number(value.value);
  throw new Error(`expected a float, got ${value.type}`);
}

export function asLambda(value: TickValue): Expr {
  if (value.type === 'lambda') return value.expr;
  throw new Error(`expected a lambda, got ${value.type}`);
}
