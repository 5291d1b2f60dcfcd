import type { Expr, PipelineNode, Position, PropertyCall, TickValue } from '@vigil/tick-lang';
import { TaskDefinitionError } from './definition-error';

/**
 * What a node's chaining-method arguments and property methods accept, declared as data so
 * that every node validates the same way and reports the offending call's position.
 */
export type ArgKind =
  | 'string'
  | 'int'
  /** A float64 parameter; an int literal is converted, as Go's reflection-based setters do. */
  | 'float'
  | 'bool'
  | 'duration'
  | 'lambda'
  /** A tag name or `*`, as `groupBy` takes. */
  | 'tagOrStar'
  /** Any literal (int, float, string, bool), as `default().field()` takes. */
  | 'literal'
  /** An int count or a duration, as `sample` takes. */
  | 'intOrDuration';

export interface Signature {
  readonly args: readonly ArgKind[];
  /** How many of the trailing `args` may be left out. */
  readonly optional?: number;
  /** Kind of any further arguments. */
  readonly variadic?: ArgKind;
}

export interface PropertySpec extends Signature {
  readonly name: string;
}

export const NO_ARGS: Signature = { args: [] };

/** Shorthand for a property without arguments (a flag such as `.align()`). */
export function flag(name: string): PropertySpec {
  return { name, args: [] };
}

/**
 * The validated definition of one pipeline node: its arguments and properties checked against
 * the node's declared signatures, with typed accessors. A property set twice keeps the last
 * value, as Kapacitor's setters do.
 */
export class NodeDefinition {
  private readonly specs: ReadonlyMap<string, PropertySpec>;

  constructor(
    readonly node: PipelineNode,
    signature: Signature,
    properties: readonly PropertySpec[],
  ) {
    this.specs = new Map(properties.map((spec) => [spec.name, spec]));
    checkSignature(node, node.args, signature, `${node.type}()`, node.pos);
    for (const call of node.properties) {
      const spec = this.specs.get(call.name);
      if (!spec) throw new TaskDefinitionError(call.pos, node.name, `${node.type} has no property .${call.name}()`);
      if (call.properties.length > 0) {
        const inner = call.properties[0] as PropertyCall;
        throw new TaskDefinitionError(inner.pos, node.name, `.${call.name}() has no property .${inner.name}()`);
      }
      checkSignature(node, call.args, spec, `.${call.name}()`, call.pos);
    }
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

  string(name: string, fallback: string): string {
    const value = this.last(name)?.args[0];
    return value ? asString(value) : fallback;
  }

  duration(name: string, fallback: bigint): bigint {
    const value = this.last(name)?.args[0];
    return value ? asDuration(value) : fallback;
  }

  int(name: string, fallback: bigint): bigint {
    const value = this.last(name)?.args[0];
    return value ? asInt(value) : fallback;
  }

  float(name: string, fallback: number): number {
    const value = this.last(name)?.args[0];
    return value ? asFloat(value) : fallback;
  }

  /** The string arguments of the last call of a variadic property (`.keep('a', 'b')`). */
  strings(name: string): string[] | undefined {
    return this.last(name)?.args.map(asString);
  }
}

function checkSignature(node: PipelineNode, args: readonly TickValue[], signature: Signature, what: string, pos: Position): void {
  const max = signature.variadic ? Infinity : signature.args.length;
  const min = signature.args.length - (signature.optional ?? 0);
  if (args.length < min || args.length > max) {
    const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
    throw new TaskDefinitionError(pos, node.name, `${what} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`);
  }
  args.forEach((value, i) => {
    const kind = signature.args[i] ?? signature.variadic;
    if (kind && !accepts(kind, value)) {
      throw new TaskDefinitionError(pos, node.name, `${what} argument ${i + 1} must be ${describeKind(kind)}, got ${describeValue(value)}${referenceHint(value)}`);
    }
  });
}

function accepts(kind: ArgKind, value: TickValue): boolean {
  switch (kind) {
    case 'string':
    case 'int':
    case 'bool':
    case 'duration':
    case 'lambda':
      return value.type === kind;
    case 'float':
      return value.type === 'float' || value.type === 'int';
    case 'tagOrStar':
      return value.type === 'string' || value.type === 'star';
    case 'literal':
      return value.type === 'string' || value.type === 'int' || value.type === 'float' || value.type === 'bool';
    case 'intOrDuration':
      return value.type === 'int' || value.type === 'duration';
  }
}

function describeKind(kind: ArgKind): string {
  switch (kind) {
    case 'tagOrStar':
      return 'a tag name or *';
    case 'literal':
      return 'a string, number or bool';
    case 'intOrDuration':
      return 'an int or a duration';
    case 'int':
      return 'an int';
    default:
      return `a ${kind}`;
  }
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
