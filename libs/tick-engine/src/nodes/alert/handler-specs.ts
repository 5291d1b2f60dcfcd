import type { HandlerInstruction } from '@vigil/core';
import { parseTemplate, TemplateError } from '@vigil/go-format';
import {
  handlerProperties,
  SUPPORTED_HANDLERS,
  UNSUPPORTED_HANDLERS,
  type ArgSpec,
  type Signature as CatalogSignature,
} from '@vigil/tick-lang';
import type { ArgumentType, Signature } from './tick-arguments';

/**
 * One alert handler as a script can call it: `.post('http://x').header('k', 'v')`. The engine
 * only checks and records the call (a HandlerInstruction); the notifier delivers.
 */
export interface HandlerSpec {
  /** The handler's property name on the alert node, spelled as in TICKscript. */
  readonly kind: string;
  readonly summary: string;
  /** 'any' for handlers vigil does not deliver to. */
  readonly args: Signature | 'any';
  /** Option properties and their signatures; 'any' for handlers whose options vigil does not check. */
  readonly options: Readonly<Record<string, Signature>> | 'any';
  /** Definition-time checks Kapacitor makes; returns a reason to reject. */
  readonly validate?: (handler: HandlerInstruction) => string | undefined;
}

function optionArgs(handler: HandlerInstruction, name: string): (string | number | boolean)[][] {
  return handler.options.filter((option) => option.name === name).map((option) => [...option.args]);
}

/** `.log(path)`: Kapacitor's LogHandlerConfig.Validate. */
function validateLog(handler: HandlerInstruction): string | undefined {
  const path = handler.args[0];
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return `alert log path must be absolute: ${String(path)} is not absolute`;
  }
  for (const [mode] of optionArgs(handler, 'mode')) {
    // `.mode(0)` keeps the default 0600; any other mode must let the owner write.
    if (typeof mode === 'number' && mode !== 0 && (mode & 0o200) === 0) {
      return `invalid log file mode 0${mode.toString(8)}, must be user writable`;
    }
  }
  return undefined;
}

/**
 * Properties that are Go text/templates Kapacitor parses when it makes the handler (Alerta's
 * resource, event, environment, group and value; Discord's embed title), so a broken one fails
 * the task definition.
 */
function templateValidator(kind: string, templated: readonly string[]): (handler: HandlerInstruction) => string | undefined {
  return (handler) => {
    for (const option of handler.options) {
      const source = option.args[0];
      if (!templated.includes(option.name) || typeof source !== 'string') continue;
      try {
        parseTemplate(source, { name: option.name, html: false });
      } catch (error) {
        if (error instanceof TemplateError) return `invalid ${kind} ${option.name} template: ${error.message}`;
        throw error;
      }
    }
    return undefined;
  };
}

/** `.post().header(k, v)`: Kapacitor refuses to set the Authenticate header from a script. */
function validatePost(handler: HandlerInstruction): string | undefined {
  for (const [name] of optionArgs(handler, 'header')) {
    if (typeof name === 'string' && name.toLowerCase() === 'authenticate') return "cannot set 'authenticate' header";
  }
  return undefined;
}

/** Parses a Go text/template as Kapacitor does when it makes the handler; returns the parse error. */
function templateProblem(source: string, name: string): string | undefined {
  try {
    parseTemplate(source, { name, html: false });
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

/** `.mqtt(topic)`: Kapacitor parses the topic template when it makes the handler; QoS is 0, 1 or 2. */
function validateMqtt(handler: HandlerInstruction): string | undefined {
  const topic = handler.args[0];
  if (typeof topic !== 'string' || topic === '') return 'missing MQTT topic: .mqtt() needs a topic, e.g. .mqtt(\'alerts/cpu\')';
  const problem = templateProblem(topic, 'topic');
  if (problem !== undefined) return `invalid mqtt topic template: ${problem}`;
  for (const [qos] of optionArgs(handler, 'qos')) {
    if (qos !== 0 && qos !== 1 && qos !== 2) return `invalid MQTT QoS ${String(qos)}: use 0 (at most once), 1 (at least once) or 2 (exactly once)`;
  }
  return undefined;
}

const OID = /^\.?\d+(\.\d+)+$/;

/** `.snmpTrap(oid).data(oid, type, value)`: Kapacitor's SNMPTrapHandler.validate, plus the OIDs and value templates vigil can check before the first event. */
function validateSnmpTrap(handler: HandlerInstruction): string | undefined {
  const trapOid = handler.args[0];
  if (typeof trapOid !== 'string' || trapOid === '') return 'you must supply a trap Oid';
  if (!OID.test(trapOid)) return `invalid trap Oid ${JSON.stringify(trapOid)}: expected numbers separated by dots, e.g. '1.3.6.1.4.1.1'`;
  for (const [oid, , value] of optionArgs(handler, 'data')) {
    if (typeof oid !== 'string' || !OID.test(oid)) return `invalid data Oid ${JSON.stringify(oid)}: expected numbers separated by dots, e.g. '1.3.6.1.4.1.1.5'`;
    const problem = typeof value === 'string' ? templateProblem(value, 'data') : undefined;
    if (problem !== undefined) return `invalid snmpTrap data template for ${oid}: ${problem}`;
  }
  return undefined;
}

/** A catalog signature in the engine's form: fixed, then optional, then a variadic tail. */
function signatureOf(declared: CatalogSignature): Signature {
  const types = (args: readonly ArgSpec[]): ArgumentType[] => args.map((arg) => scalarType(arg.types[0]));
  return {
    required: types(declared.args.filter((arg) => !arg.optional)),
    optional: types(declared.args.filter((arg) => arg.optional)),
    ...(declared.rest ? { variadic: scalarType(declared.rest.types[0]) } : {}),
  };
}

function scalarType(type: ArgSpec['types'][number] | undefined): ArgumentType {
  if (type === 'string' || type === 'int' || type === 'float' || type === 'bool' || type === 'duration') return type;
  throw new Error(`a handler argument of type ${String(type)} is not a scalar`);
}

/** Definition-time checks beyond the declared signatures, by handler. */
const VALIDATORS: Readonly<Record<string, (handler: HandlerInstruction) => string | undefined>> = {
  post: validatePost,
  log: validateLog,
  alerta: templateValidator('alerta', ['resource', 'event', 'environment', 'group', 'value']),
  discord: templateValidator('discord', ['embedTitle']),
  kafka: templateValidator('kafka', ['template']),
  sensu: templateValidator('sensu', ['source']),
  mqtt: validateMqtt,
  snmpTrap: validateSnmpTrap,
};

/**
 * Every handler the catalog declares (tick-lang's alert-handlers.catalog.ts, the one place their
 * arguments and properties are written): the ones vigil delivers with their signatures, the
 * others with unchecked arguments (the compiler refuses them before the engine sees them).
 */
export const HANDLER_SPECS: readonly HandlerSpec[] = [
  ...SUPPORTED_HANDLERS.map((declared) => ({
    kind: declared.name,
    summary: declared.doc,
    args: signatureOf(declared),
    options: Object.fromEntries(handlerProperties(declared.name).map((property) => [property.name, signatureOf(property)])),
    ...(VALIDATORS[declared.name] ? { validate: VALIDATORS[declared.name] } : {}),
  })),
  ...UNSUPPORTED_HANDLERS.map((declared): HandlerSpec => ({ kind: declared.name, summary: declared.doc, args: 'any', options: 'any' })),
];

const SPECS_BY_KIND = new Map(HANDLER_SPECS.map((spec) => [spec.kind, spec]));

export function handlerSpec(kind: string): HandlerSpec | undefined {
  return SPECS_BY_KIND.get(kind);
}
