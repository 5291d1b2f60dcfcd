import { formatValueV } from '../fmt-value';
import { goKind, mapZero } from '../go-value';
import { applyEscapers, type ArgNode, type ItemNode } from './template-ast';
import { BUILTINS } from './template-builtins';
import { TEXT_ESCAPERS } from './html-context';
import { HTML_TEXT_VARIANTS } from './kapacitor-funcs';
import type { Program } from './template-exec';

/** Returned when the fast path meets anything out of the ordinary; the interpreter then runs. */
export const FALLBACK: unique symbol = Symbol('fallback');
type Fallback = typeof FALLBACK;

/** Renders one item of the template's top-level list, or gives up. */
type FastItem = (dot: unknown) => string | Fallback;
/** Evaluates one argument, or gives up. */
type FastArg = (dot: unknown) => unknown;

/**
 * A rendering of a template made only of text and of actions of the shapes alert templates use
 * (`{{ .ID }}`, `{{ .Fields.x }}`, `{{ index .Tags "x" }}`, `{{ json . }}`), or undefined for
 * any other template. The general executor allocates per action (argument arrays, bound
 * methods); this does the same lookups directly. It gives the interpreter's result or FALLBACK
 * wherever the interpreter would do something else than a plain lookup: a method, a nil
 * pointer, a value that is neither struct nor map, a function that throws. The interpreter then
 * renders the whole template again (and produces the error), so a template Func may be called
 * twice for one render when it throws; Kapacitor's `json` and `jsonCompact` never throw.
 */
export function compileFastPath(program: Program): ((data: unknown) => string | Fallback) | undefined {
  const items: FastItem[] = [];
  for (const node of program.root) {
    const item = fastItem(program, node);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return (data) => {
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const part = (items[i] as FastItem)(data);
      if (part === FALLBACK) return FALLBACK;
      out += part;
    }
    return out;
  };
}

function fastItem(program: Program, node: ItemNode): FastItem | undefined {
  if (node.kind === 'text') {
    const text = node.text;
    return () => text;
  }
  if (node.kind !== 'action' || node.pipe.decl.length > 0 || node.pipe.cmds.length !== 1) return undefined;
  const args = (node.pipe.cmds[0] as { readonly args: readonly ArgNode[] }).args;
  const html = program.html;
  const escapers = node.escapers;
  if (html && escapers === TEXT_ESCAPERS && !node.silent) {
    // A function with an escaped variant (Kapacitor's `json`) writes the escaped text itself.
    const escaped = fastCommand(program, args, true);
    if (escaped !== undefined) return (dot) => htmlText(escaped(dot));
  }
  const value = fastCommand(program, args, false);
  if (value === undefined) return undefined;
  if (node.silent) {
    return (dot) => (value(dot) === FALLBACK ? FALLBACK : '');
  }
  return (dot) => {
    let result = value(dot);
    if (result === FALLBACK || typeof result === 'function') return FALLBACK;
    // The pipeline's result: Go digs a nil interface out to "no value".
    if (result === null) result = undefined;
    if (!html) return result === undefined ? '<no value>' : formatValueV(result);
    const text = result === undefined ? '' : typeof result === 'string' ? result : formatValueV(result);
    return applyEscapers(text, escapers);
  };
}

/** An escaped variant's result as printed: what printable would make of it after escaping. */
function htmlText(result: unknown): string | Fallback {
  if (result === FALLBACK || typeof result !== 'string') return FALLBACK;
  return result;
}

/**
 * A command: a field chain from dot, `index <field> "<string>"`, or a Func on dot/fields/strings.
 * With `escapedVariant`, only a Func that has an HTML-text variant, which is called instead.
 */
function fastCommand(program: Program, args: readonly ArgNode[], escapedVariant: boolean): FastArg | undefined {
  const first = args[0];
  if (first === undefined) return undefined;
  if (first.kind === 'field' && args.length === 1) return escapedVariant ? undefined : fieldChain(first.idents);
  if (first.kind !== 'identifier') return undefined;
  const rest: FastArg[] = [];
  for (const arg of args.slice(1)) {
    const compiled = fastArg(arg);
    if (compiled === undefined) return undefined;
    rest.push(compiled);
  }
  const declared = program.funcs.get(first.name);
  const custom = escapedVariant && declared !== undefined ? HTML_TEXT_VARIANTS.get(declared) : declared;
  if (escapedVariant && custom === undefined) return undefined;
  if (custom !== undefined) {
    // A checked call: Go's arity, nil for a missing value, nil for an undefined result.
    if (custom.length > 0 && custom.length !== rest.length) return undefined;
    return (dot) => {
      const values: unknown[] = [];
      for (const arg of rest) {
        const value = arg(dot);
        if (value === FALLBACK) return FALLBACK;
        values.push(value === undefined ? null : value);
      }
      try {
        const result = custom(...values);
        return result === undefined ? null : result;
      } catch {
        return FALLBACK;
      }
    };
  }
  if (first.name !== 'index' || BUILTINS.get('index') === undefined || rest.length !== 2) return undefined;
  const [item, key] = rest as [FastArg, FastArg];
  return (dot) => {
    const map = item(dot);
    const name = key(dot);
    if (map === FALLBACK || !(map instanceof Map) || typeof name !== 'string') return FALLBACK;
    return map.has(name) ? map.get(name) : mapZero(map);
  };
}

function fastArg(node: ArgNode): FastArg | undefined {
  switch (node.kind) {
    case 'dot':
      return (dot) => dot;
    case 'string': {
      const value = node.value;
      return () => value;
    }
    case 'field':
      return fieldChain(node.idents);
    default:
      return undefined;
  }
}

/** `.A.B`: each step a map lookup or a struct's own non-method property. */
function fieldChain(idents: readonly string[]): FastArg {
  return (dot) => {
    let value = dot;
    for (let i = 0; i < idents.length; i++) {
      if (value === undefined) return undefined;
      value = field(value, idents[i] as string);
      if (value === FALLBACK) return FALLBACK;
    }
    return value;
  };
}

function field(receiver: unknown, name: string): unknown {
  if (receiver === null || typeof receiver !== 'object') return FALLBACK;
  if (receiver instanceof Map) return receiver.has(name) ? receiver.get(name) : undefined;
  if (goKind(receiver) !== 'struct' || Array.isArray(receiver)) return FALLBACK;
  if (!Object.prototype.hasOwnProperty.call(receiver, name)) return FALLBACK;
  const value: unknown = (receiver as Record<string, unknown>)[name];
  // A function-valued property is a method to the interpreter.
  return typeof value === 'function' ? FALLBACK : value;
}
