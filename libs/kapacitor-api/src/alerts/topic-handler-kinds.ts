import type { HandlerInstruction } from '@vigil/core';

/** A topic handler definition vigil cannot take (400), with the message the API answers. */
export class TopicHandlerError extends Error {
  override readonly name = 'TopicHandlerError';
}

type Options = Readonly<Record<string, unknown>>;
type Call = HandlerInstruction['options'][number];

/** How one Kapacitor option becomes part of vigil's handler call. */
interface OptionRule {
  /** What the option must hold, for the refusal's message. */
  readonly holds: 'string' | 'bool' | 'number' | 'string list' | 'string map' | 'list of string maps';
  /** The positional arguments (`args`) or property calls (`calls`) it makes. */
  readonly to: (value: never) => { readonly args?: readonly string[]; readonly calls?: readonly Call[] };
}

/** One Kapacitor topic handler kind and the vigil handler it is delivered by. */
interface TopicHandlerKind {
  /** Kapacitor's kind (`services/alert/service.go`, `createHandlerFromSpec`). */
  readonly kind: string;
  /** vigil's handler (libs/alert-handlers `HANDLER_SPECS`). */
  readonly handler: string;
  /** Kapacitor's option names (the `mapstructure` tags of each service's HandlerConfig). */
  readonly options: Readonly<Record<string, OptionRule>>;
}

const call = (name: string, ...args: (string | number | boolean)[]): { calls: Call[] } => ({ calls: [{ name, args }] });
const text = (name: string): OptionRule => ({ holds: 'string', to: (value: string) => (value === '' ? {} : call(name, value)) });
const flag = (name: string): OptionRule => ({ holds: 'bool', to: (value: boolean) => call(name, value) });
const list = (name: string): OptionRule => ({ holds: 'string list', to: (value: string[]) => (value.length === 0 ? {} : call(name, ...value)) });
/** Kapacitor decodes a duration option into time.Duration: a number of nanoseconds. */
const nanoseconds = (name: string): OptionRule => ({ holds: 'number', to: (value: number) => call(name, value) });
const firstArg: OptionRule = { holds: 'string', to: (value: string) => ({ args: [value] }) };

/**
 * The kinds `define-topic-handler` takes, declared once: Kapacitor's kind and option names, and
 * the handler call of vigil's registry each makes, so a topic handler is delivered by exactly the
 * handler a script's `.post()`, `.slack()`, ... would use (same configuration, allow-lists and
 * secrets). An option Kapacitor would not know is refused, as its decoder (`ErrorUnused`) does.
 */
export const TOPIC_HANDLER_KINDS: readonly TopicHandlerKind[] = [
  {
    kind: 'post',
    handler: 'post',
    options: {
      url: firstArg,
      endpoint: text('endpoint'),
      headers: { holds: 'string map', to: (value: Record<string, string>) => ({ calls: Object.entries(value).map(([name, header]) => ({ name: 'header', args: [name, header] })) }) },
      'capture-response': flag('captureResponse'),
      timeout: nanoseconds('timeout'),
      'skip-ssl-verification': flag('skipSSLVerification'),
    },
  },
  { kind: 'log', handler: 'log', options: { path: firstArg, mode: { holds: 'number', to: (value: number) => call('mode', value) } } },
  { kind: 'tcp', handler: 'tcp', options: { address: firstArg } },
  { kind: 'exec', handler: 'exec', options: { prog: firstArg, args: { holds: 'string list', to: (value: string[]) => ({ args: value }) } } },
  { kind: 'slack', handler: 'slack', options: { workspace: text('workspace'), channel: text('channel'), username: text('username'), 'icon-emoji': text('iconEmoji') } },
  {
    kind: 'telegram',
    handler: 'telegram',
    options: { 'chat-id': text('chatId'), 'parse-mode': text('parseMode'), 'disable-web-page-preview': flag('disableWebPagePreview'), 'disable-notification': flag('disableNotification') },
  },
  { kind: 'pagerduty2', handler: 'pagerDuty2', options: { 'routing-key': text('routingKey') } },
  { kind: 'opsgenie2', handler: 'opsGenie2', options: { 'teams-list': list('teams'), 'recipients-list': list('recipients'), recovery_action: text('recoveryAction') } },
  { kind: 'smtp', handler: 'email', options: { to: { holds: 'string list', to: (value: string[]) => ({ args: value }) } } },
  {
    kind: 'alerta',
    handler: 'alerta',
    options: {
      token: text('token'),
      'token-prefix': text('tokenPrefix'),
      resource: text('resource'),
      event: text('event'),
      environment: text('environment'),
      group: text('group'),
      value: text('value'),
      origin: text('origin'),
      service: list('services'),
      correlate: list('correlated'),
      timeout: nanoseconds('timeout'),
    },
  },
  { kind: 'teams', handler: 'teams', options: { 'channel-url': text('channelURL') } },
  { kind: 'victorops', handler: 'victorOps', options: { 'routing-key': text('routingKey') } },
  {
    kind: 'pushover',
    handler: 'pushover',
    options: { 'user-key': text('userKey'), device: text('device'), title: text('title'), url: text('uRL'), 'url-title': text('uRLTitle'), sound: text('sound') },
  },
  { kind: 'kafka', handler: 'kafka', options: { cluster: text('cluster'), topic: text('kafkaTopic'), template: text('template') } },
  { kind: 'opsgenie', handler: 'opsGenie', options: { 'teams-list': list('teams'), 'recipients-list': list('recipients') } },
  { kind: 'pagerduty', handler: 'pagerDuty', options: { 'service-key': text('serviceKey') } },
  { kind: 'bigpanda', handler: 'bigPanda', options: { 'app-key': text('appKey'), 'primary-property': text('primaryProperty'), 'secondary-property': text('secondaryProperty') } },
  { kind: 'servicenow', handler: 'serviceNow', options: { url: text('url'), source: text('source') } },
  { kind: 'sensu', handler: 'sensu', options: { source: text('source'), handlers: list('handlers') } },
  { kind: 'mqtt', handler: 'mqtt', options: { topic: firstArg, 'broker-name': text('brokerName'), qos: { holds: 'number', to: (value: number) => (value === 0 ? {} : call('qos', value)) }, retained: flag('retained') } },
  {
    kind: 'snmptrap',
    handler: 'snmpTrap',
    options: {
      'trap-oid': firstArg,
      'data-list': { holds: 'list of string maps', to: (value: Record<string, string>[]) => ({ calls: value.map((data) => ({ name: 'data', args: [data['oid'] ?? '', data['type'] ?? '', data['value'] ?? ''] })) }) },
    },
  },
  { kind: 'discord', handler: 'discord', options: { workspace: text('workspace'), username: text('username'), 'avatar-url': text('avatarURL'), 'embed-title': text('embedTitle') } },
  // Not a Kapacitor kind: vigil's own handler, offered to topics as to scripts.
  { kind: 'alertmanager', handler: 'alertmanager', options: {} },
];

/** The handler call a topic handler's kind and options make; throws TopicHandlerError. */
export function instructionOf(kind: string, options: Options): HandlerInstruction {
  const spec = TOPIC_HANDLER_KINDS.find((known) => known.kind === kind);
  if (!spec) throw new TopicHandlerError(`unsupported action kind ${JSON.stringify(kind)}; vigil delivers topic handlers of kind ${TOPIC_HANDLER_KINDS.map((known) => known.kind).join(', ')}`);
  const args: string[] = [];
  const calls: Call[] = [];
  // The positional arguments keep the declared order (url before anything else, prog before args).
  for (const [name, rule] of Object.entries(spec.options)) {
    if (!Object.hasOwn(options, name)) continue;
    const value = options[name];
    if (!holds(rule.holds, value)) throw new TopicHandlerError(`${kind} option ${JSON.stringify(name)} must be a ${rule.holds}`);
    const made = rule.to(value as never);
    args.push(...(made.args ?? []));
    calls.push(...(made.calls ?? []));
  }
  const unknown = Object.keys(options).filter((name) => !Object.hasOwn(spec.options, name));
  if (unknown.length > 0) throw new TopicHandlerError(`${kind} has no option ${unknown.map((name) => JSON.stringify(name)).join(', ')}; it takes ${Object.keys(spec.options).join(', ') || 'none'}`);
  return { kind: spec.handler, args, options: calls };
}

function holds(what: OptionRule['holds'], value: unknown): boolean {
  switch (what) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string list':
      return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
    case 'string map':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
    case 'list of string maps':
      return Array.isArray(value) && value.every((entry) => holds('string map', entry));
  }
}
