import type { HandlerInstruction } from '@vigil/core';
import { findProperty, nodeSpec, type Expr, type PipelineNode, type Position, type PropertyCall, type TickValue } from '@vigil/tick-lang';
import { asInt, asString } from '../../runtime/node-definition';
import { handlerSpec, type HandlerSpec } from './handler-specs';
import {
  AlertDefinitionError,
  argumentTypes,
  checkArity,
  checkDeclaredArity,
  durationValue,
  lambdaValue,
  NO_ARGUMENTS,
  scalarArgument,
  stringValue,
  type ScalarArgument,
  type Signature,
} from './tick-arguments';

/** A template property with where it was set, for errors at definition. */
export interface TemplateProperty {
  readonly source: string;
  readonly pos: Position;
}

export type LevelName = 'info' | 'warn' | 'crit' | 'infoReset' | 'warnReset' | 'critReset';

/** The alert node's properties after reading the script (Kapacitor's pipeline.AlertNode). */
export interface AlertProperties {
  readonly id: TemplateProperty;
  readonly message: TemplateProperty;
  readonly details: TemplateProperty;
  readonly lambdas: Readonly<Partial<Record<LevelName, Expr>>>;
  /** At least 2. */
  readonly history: number;
  readonly flapping: { readonly low: number; readonly high: number } | null;
  readonly stateChangesOnly: boolean;
  /** ns; 0 when `.stateChangesOnly()` has no max interval. */
  readonly stateChangesOnlyMaxInterval: bigint;
  readonly noRecoveries: boolean;
  readonly all: boolean;
  readonly quiet: boolean;
  readonly idTag: string;
  readonly levelTag: string;
  readonly idField: string;
  readonly levelField: string;
  readonly messageField: string;
  readonly durationField: string;
  readonly topic: string;
  readonly category: string;
  readonly inhibitors: readonly { readonly category: string; readonly equalTags: readonly string[] }[];
  readonly handlers: readonly HandlerInstruction[];
}

/** The alert node's declaration in tick-lang's catalog (alert-node.catalog.ts), which holds its defaults. */
const DECLARED = nodeSpec('alert').properties;

function declaredDefault(name: string): TickValue {
  const value = findProperty(DECLARED, name)?.default;
  if (!value) throw new Error(`tick-lang's catalog declares no default for alert .${name}()`);
  return value;
}

const DEFAULT_ID = asString(declaredDefault('id'));
const DEFAULT_MESSAGE = asString(declaredDefault('message'));
const DEFAULT_DETAILS = asString(declaredDefault('details'));
const DEFAULT_HISTORY = Number(asInt(declaredDefault('history')));

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const STRING_PROPERTIES = ['idTag', 'levelTag', 'idField', 'levelField', 'messageField', 'durationField', 'topic', 'category'] as const;
const TEMPLATE_PROPERTIES = ['id', 'message', 'details'] as const;
const LAMBDA_PROPERTIES: readonly LevelName[] = ['info', 'warn', 'crit', 'infoReset', 'warnReset', 'critReset'];
const FLAG_PROPERTIES = { noRecoveries: 'noRecoveries', all: 'all', quiet: 'quiet' } as const;

/** Every property name of the alert node itself (handlers aside), as the catalog declares them. */
const ALERT_NODE_PROPERTIES: readonly string[] = DECLARED.filter((property) => !property.opens && !property.unsupported).map((property) => property.name);

/**
 * Reads an alert node's property calls in script order. Setters overwrite (the last call wins),
 * handlers and inhibits accumulate, as in Kapacitor.
 *
 * A handler call opens a handler: the calls after it go to the handler when the handler has an
 * option of that name, and otherwise back to the alert node (Kapacitor's handler structs embed
 * the alert node, so `.post('u').stateChangesOnly()` is legal). That resolution does not depend
 * on how deeply the compiler nested the calls, so the tree is walked flat in script order.
 */
export function readAlertProperties(node: PipelineNode): AlertProperties {
  const properties: Mutable<AlertProperties> = {
    id: { source: DEFAULT_ID, pos: node.pos },
    message: { source: DEFAULT_MESSAGE, pos: node.pos },
    details: { source: DEFAULT_DETAILS, pos: node.pos },
    lambdas: {},
    history: DEFAULT_HISTORY,
    flapping: null,
    stateChangesOnly: false,
    stateChangesOnlyMaxInterval: 0n,
    noRecoveries: false,
    all: false,
    quiet: false,
    idTag: '',
    levelTag: '',
    idField: '',
    levelField: '',
    messageField: '',
    durationField: '',
    topic: '',
    category: '',
    inhibitors: [],
    handlers: [],
  };
  const lambdas: Partial<Record<LevelName, Expr>> = {};
  const inhibitors: { category: string; equalTags: string[] }[] = [];
  const handlers: OpenHandler[] = [];
  let open: OpenHandler | null = null;

  for (const call of flatten(node.properties)) {
    const spec = handlerSpec(call.name);
    if (open && hasOption(open.spec, call.name)) {
      open.options.push({ name: call.name, args: convertArguments(call, optionSignature(open.spec, call.name), `.${call.name}()`), pos: call.pos });
      continue;
    }
    if (spec) {
      open = { spec, pos: call.pos, args: convertArguments(call, spec.args, `.${spec.kind}()`), options: [] };
      handlers.push(open);
      continue;
    }
    open = null;
    applyNodeProperty(call, properties, lambdas, inhibitors);
  }

  properties.lambdas = lambdas;
  properties.inhibitors = inhibitors;
  properties.handlers = handlers.map(finishHandler);
  return properties;
}

interface OpenHandler {
  readonly spec: HandlerSpec;
  readonly pos: Position;
  readonly args: ScalarArgument[];
  readonly options: { name: string; args: ScalarArgument[]; pos: Position }[];
}

function finishHandler(open: OpenHandler): HandlerInstruction {
  const instruction: HandlerInstruction = {
    kind: open.spec.kind,
    args: open.args,
    options: open.options.map(({ name, args }) => ({ name, args })),
  };
  const problem = open.spec.validate?.(instruction);
  if (problem) throw new AlertDefinitionError(open.pos, problem);
  return instruction;
}

function hasOption(spec: HandlerSpec, name: string): boolean {
  if (spec.options === 'any') return !ALERT_NODE_PROPERTIES.includes(name) && !handlerSpec(name);
  return Object.hasOwn(spec.options, name);
}

/** The option's signature, or 'any' for handlers whose options vigil records without checking. */
function optionSignature(spec: HandlerSpec, name: string): Signature | 'any' {
  if (spec.options === 'any') return 'any';
  return spec.options[name] ?? NO_ARGUMENTS;
}

function convertArguments(call: PropertyCall, signature: Signature | 'any', what: string): ScalarArgument[] {
  if (signature === 'any') return call.args.map((value) => anyScalar(value, call, what));
  checkArity(call, signature, what);
  const types = argumentTypes(call, signature);
  return call.args.map((value, i) => scalarArgument(value, types[i] ?? 'string', call, what));
}

/** Any scalar TICKscript value, as JSON (durations in ns). */
function anyScalar(value: TickValue, call: PropertyCall, what: string): ScalarArgument {
  switch (value.type) {
    case 'string':
    case 'reference':
      return stringValue(value, call, what);
    case 'int':
      return scalarArgument(value, 'int', call, what);
    case 'float':
    case 'bool':
      return value.value;
    case 'duration':
      return scalarArgument(value, 'duration', call, what);
    default:
      throw new AlertDefinitionError(call.pos, `${what} cannot take a ${value.type} argument`);
  }
}

function flatten(calls: readonly PropertyCall[]): PropertyCall[] {
  return calls.flatMap((call) => [call, ...flatten(call.properties)]);
}

function applyNodeProperty(
  call: PropertyCall,
  properties: Mutable<AlertProperties>,
  lambdas: Partial<Record<LevelName, Expr>>,
  inhibitors: { category: string; equalTags: string[] }[],
): void {
  const what = `.${call.name}()`;
  const name = call.name;
  const declared = ALERT_NODE_PROPERTIES.includes(name) ? findProperty(DECLARED, name) : undefined;
  if (!declared) throw new AlertDefinitionError(call.pos, `alert has no property or handler named '${name}'`);
  checkDeclaredArity(call, declared, what);
  if ((TEMPLATE_PROPERTIES as readonly string[]).includes(name)) {
    properties[name as (typeof TEMPLATE_PROPERTIES)[number]] = { source: stringValue(call.args[0]!, call, what), pos: call.pos };
  } else if ((STRING_PROPERTIES as readonly string[]).includes(name)) {
    properties[name as (typeof STRING_PROPERTIES)[number]] = stringValue(call.args[0]!, call, what);
  } else if ((LAMBDA_PROPERTIES as readonly string[]).includes(name)) {
    lambdas[name as LevelName] = lambdaValue(call.args[0], call, what);
  } else if (Object.hasOwn(FLAG_PROPERTIES, name)) {
    properties[name as keyof typeof FLAG_PROPERTIES] = true;
  } else if (name === 'history') {
    const history = scalarArgument(call.args[0]!, 'int', call, what) as number;
    // Kapacitor raises the history to 2 so that the current and previous levels always exist.
    properties.history = Math.max(history, 2);
  } else if (name === 'flapping') {
    const low = scalarArgument(call.args[0]!, 'float', call, what) as number;
    const high = scalarArgument(call.args[1]!, 'float', call, what) as number;
    if (low > 1 || high > 1) {
      throw new AlertDefinitionError(call.pos, 'alert flap thresholds are percentages and should be between 0 and 1');
    }
    properties.flapping = { low, high };
  } else if (name === 'stateChangesOnly') {
    properties.stateChangesOnly = true;
    const interval = call.args[0];
    if (interval) properties.stateChangesOnlyMaxInterval = durationValue(interval, call, what);
  } else if (name === 'inhibit') {
    const [category, ...equalTags] = call.args.map((value) => stringValue(value, call, what));
    inhibitors.push({ category: category ?? '', equalTags });
  } else {
    throw new Error(`alert .${name}() is declared in the catalog but not read by the engine`);
  }
}
