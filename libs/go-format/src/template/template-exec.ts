import { formatValueV, sortedMapEntries } from '../fmt-value';
import { goKind, goTypeName } from '../go-value';
import { type ActionNode, type ArgNode, type CommandNode, type ItemNode, type ListNode, type PipeNode, applyEscapers, describeArg } from './template-ast';
import { BUILTINS, BUILTIN_ARITY, type TemplateFunc, isTrue } from './template-builtins';

/** Thrown inside execution; the public wrapper turns it into a TemplateError with a position. */
export class ExecFailure extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}
const BREAK = new LoopSignal('break');
const CONTINUE = new LoopSignal('continue');

const VARIADIC_FROM_ZERO = new Set(['print', 'println', 'html', 'js', 'urlquery']);

/** Marks "no value piped in" (Go's missingVal), distinct from `undefined` (an invalid value). */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

export interface Program {
  readonly root: ListNode;
  readonly html: boolean;
  readonly funcs: ReadonlyMap<string, TemplateFunc>;
}

/**
 * Executes a parsed template on `data` with Go's text/template semantics
 * (`text/template/exec.go`); see go-value.ts for how JavaScript values stand for Go values.
 */
export function executeProgram(program: Program, data: unknown): string {
  return new Execution(program, data).run();
}

class Execution {
  private out = '';
  private readonly names: string[] = ['$'];
  private readonly values: unknown[];

  constructor(
    private readonly program: Program,
    data: unknown,
  ) {
    this.values = [data];
  }

  run(): string {
    this.walkList(this.values[0], this.program.root);
    return this.out;
  }

  private walkList(dot: unknown, list: ListNode): void {
    for (const node of list) this.walk(dot, node);
  }

  private walk(dot: unknown, node: ItemNode): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0 && !node.silent) this.out += this.printable(value, node.escapers, node.pos);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.names.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (isTrue(value)) this.walkList(node.kind === 'with' ? value : dot, node.list);
        else if (node.elseList !== undefined) this.walkList(dot, node.elseList);
        this.pop(mark);
        return;
      }
      case 'range':
        this.walkRange(dot, node.pipe, node.list, node.elseList, node.pos);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private printable(value: unknown, escapers: ActionNode['escapers'], pos: number): string {
    if (typeof value === 'function') throw new ExecFailure(`can't print value of type ${goTypeName(value)}`, pos);
    if (!this.program.html) return value === undefined || value === null ? '<no value>' : formatValueV(value);
    // html/template's escaper receives the value as an interface{}: nil prints nothing.
    const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : formatValueV(value);
    return applyEscapers(text, escapers);
  }

  private walkRange(dot: unknown, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined, pos: number): void {
    const mark = this.names.length;
    const value = this.evalPipeline(dot, pipe);
    let items: [unknown, unknown][];
    if (value instanceof Map) items = sortedMapEntries(value);
    else if (Array.isArray(value)) items = value.map((v, i) => [BigInt(i), v]);
    else if (value === undefined || value === null) items = [];
    else throw new ExecFailure(`range can't iterate over ${formatValueV(value)}`, pos);
    const bodyMark = this.names.length;
    for (const [key, element] of items) {
      if (pipe.decl.length > 0) this.setRangeVars(pipe, key, element);
      try {
        this.walkList(element, list);
      } catch (signal) {
        if (signal === BREAK) break;
        if (signal !== CONTINUE) throw signal;
      } finally {
        this.pop(bodyMark);
      }
    }
    if (items.length === 0 && elseList !== undefined) this.walkList(dot, elseList);
    this.pop(mark);
  }

  /** One variable gets the element; with two, the first gets the key or index. */
  private setRangeVars(pipe: PipeNode, key: unknown, element: unknown): void {
    const [first, second] = pipe.decl;
    if (pipe.isAssign) {
      if (second === undefined) this.setVar(first ?? '', element);
      else {
        this.setVar(first ?? '', key);
        this.setVar(second, element);
      }
      return;
    }
    const top = this.values.length;
    this.values[top - 1] = element;
    if (second !== undefined) this.values[top - 2] = key;
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go digs into interface{} results: a nil interface becomes "no value".
      if (value === null) value = undefined;
    }
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value);
      else {
        this.names.push(name);
        this.values.push(value);
      }
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as ArgNode;
    switch (first.kind) {
      case 'field':
        return this.evalFieldChain(dot, dot, first.idents, cmd.args, final, first.pos);
      case 'chain':
        return this.evalFieldChain(dot, this.evalArg(dot, first.node), first.fields, cmd.args, final, first.pos);
      case 'variable': {
        const value = this.varValue(first.name, first.pos);
        if (first.idents.length === 0) {
          this.notAFunction(cmd.args, final);
          return value;
        }
        return this.evalFieldChain(dot, value, first.idents, cmd.args, final, first.pos);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, cmd.args, final, first.pos);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'nil':
        throw new ExecFailure('nil is not a command', first.pos);
      default:
        this.notAFunction(cmd.args, final);
        return this.evalArg(dot, first);
    }
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    const first = args[0] as ArgNode;
    if (args.length > 1 || final !== MISSING) throw new ExecFailure(`can't give argument to non-function ${describeArg(first)}`, first.pos);
  }

  /** The value of an argument node (Go's evalArg for an interface{} parameter). */
  private evalArg(dot: unknown, node: ArgNode): unknown {
    switch (node.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
      case 'number':
      case 'string':
        return node.value;
      case 'field':
        return this.evalFieldChain(dot, dot, node.idents, [node], MISSING, node.pos);
      case 'variable':
        return node.idents.length === 0
          ? this.varValue(node.name, node.pos)
          : this.evalFieldChain(dot, this.varValue(node.name, node.pos), node.idents, [node], MISSING, node.pos);
      case 'chain':
        return this.evalFieldChain(dot, this.evalArg(dot, node.node), node.fields, [node], MISSING, node.pos);
      case 'identifier':
        return this.evalFunction(dot, node.name, [node], MISSING, node.pos);
      case 'pipe':
        return this.evalPipeline(dot, node);
    }
  }

  private evalFieldChain(dot: unknown, receiver: unknown, idents: readonly string[], args: readonly ArgNode[], final: Final, pos: number): unknown {
    let value = receiver;
    const last = idents.length - 1;
    for (let i = 0; i < last; i++) value = this.evalField(dot, idents[i] as string, [args[0] as ArgNode], MISSING, value, pos);
    return this.evalField(dot, idents[last] as string, args, final, value, pos);
  }

  private evalField(dot: unknown, name: string, args: readonly ArgNode[], final: Final, receiver: unknown, pos: number): unknown {
    if (receiver === undefined) return undefined;
    if (receiver === null) throw new ExecFailure(`nil pointer evaluating interface {}.${name}`, pos);
    const method = findMethod(receiver, name);
    if (method !== undefined) return this.call(dot, name, method.bind(receiver), args, final, 'checked', pos);
    const hasArgs = args.length > 1 || final !== MISSING;
    const kind = goKind(receiver);
    if (kind === 'map') {
      if (hasArgs) throw new ExecFailure(`${name} is not a method but has arguments`, pos);
      const map = receiver as Map<unknown, unknown>;
      return map.has(name) ? map.get(name) : undefined;
    }
    if (kind === 'struct' && Object.prototype.hasOwnProperty.call(receiver, name)) {
      if (hasArgs) throw new ExecFailure(`${name} has arguments but cannot be invoked as function`, pos);
      return (receiver as Record<string, unknown>)[name];
    }
    throw new ExecFailure(`can't evaluate field ${name} in type ${goTypeName(receiver)}`, pos);
  }

  private evalFunction(dot: unknown, name: string, args: readonly ArgNode[], final: Final, pos: number): unknown {
    const custom = this.program.funcs.get(name);
    if (custom !== undefined) return this.call(dot, name, custom, args, final, 'checked', pos);
    const builtin = BUILTINS.get(name);
    if (builtin === undefined) throw new ExecFailure(`function "${name}" not defined`, pos);
    const arity = BUILTIN_ARITY.get(name);
    const count = args.length - 1 + (final === MISSING ? 0 : 1);
    if (arity !== undefined && count !== arity) throw new ExecFailure(`wrong number of args for ${name}: want ${arity} got ${count}`, pos);
    if (count === 0 && !VARIADIC_FROM_ZERO.has(name)) throw new ExecFailure(`wrong number of args for ${name}: want at least 1 got 0`, pos);
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, args, final);
    return this.call(dot, name, builtin.fn, args, final, builtin.raw ? 'raw' : 'builtin', pos);
  }

  /** Go 1.18+ `and`/`or`: arguments are evaluated left to right until the result is known. */
  private evalAndOr(dot: unknown, name: 'and' | 'or', args: readonly ArgNode[], final: Final): unknown {
    let value: unknown = undefined;
    for (const node of args.slice(1)) {
      value = this.evalArg(dot, node);
      if (isTrue(value) === (name === 'or')) return value;
    }
    return final === MISSING ? value : final;
  }

  /**
   * Calls a function or method. `raw` builtins see missing values as `undefined`; the others get
   * Go's nil (`null`). `checked` functions (methods, Funcs) must get their declared arity.
   */
  private call(dot: unknown, name: string, fn: TemplateFunc, args: readonly ArgNode[], final: Final, mode: 'raw' | 'builtin' | 'checked', pos: number): unknown {
    const raw = mode === 'raw';
    const values = args.slice(1).map((node) => this.evalArg(dot, node));
    if (final !== MISSING) values.push(final);
    if (!raw) for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = null;
    if (mode === 'checked' && fn.length > 0 && values.length !== fn.length) {
      throw new ExecFailure(`wrong number of args for ${name}: want ${fn.length} got ${values.length}`, pos);
    }
    let result: unknown;
    try {
      result = fn(...values);
    } catch (error) {
      throw new ExecFailure(`error calling ${name}: ${error instanceof Error ? error.message : String(error)}`, pos);
    }
    return raw || result !== undefined ? result : null;
  }

  private varValue(name: string, pos: number): unknown {
    const i = this.names.lastIndexOf(name);
    if (i < 0) throw new ExecFailure(`undefined variable: ${name}`, pos);
    return this.values[i];
  }

  private setVar(name: string, value: unknown): void {
    const i = this.names.lastIndexOf(name);
    if (i >= 0) this.values[i] = value;
  }

  private pop(mark: number): void {
    this.names.length = mark;
    this.values.length = mark;
  }
}

/**
 * A Go method of a value: a function property whose name starts with an upper-case letter
 * (`GoTime.Unix`, `GoDuration.Seconds`), or any function-valued own property of a plain object.
 */
function findMethod(receiver: unknown, name: string): TemplateFunc | undefined {
  if (typeof receiver !== 'object' || receiver === null || receiver instanceof Map || Array.isArray(receiver)) return undefined;
  const candidate: unknown = (receiver as Record<string, unknown>)[name];
  if (typeof candidate !== 'function') return undefined;
  const exported = name.charCodeAt(0) >= 65 && name.charCodeAt(0) <= 90;
  return exported || Object.prototype.hasOwnProperty.call(receiver, name) ? (candidate as TemplateFunc) : undefined;
}
