import type { HandlerInstruction } from '@vigil/core';
import { parseTemplate, TemplateError } from '@vigil/go-format';
import { NO_ARGUMENTS, type Signature } from './tick-arguments';

/**
 * One alert handler as a script can call it: `.post('http://x').header('k', 'v')`. The engine
 * only checks and records the call (a HandlerInstruction); the notifier delivers.
 */
export interface HandlerSpec {
  /** The handler's property name on the alert node, spelled as in TICKscript. */
  readonly kind: string;
  readonly summary: string;
  readonly args: Signature;
  /** Option properties and their signatures; 'any' for handlers whose options vigil does not check. */
  readonly options: Readonly<Record<string, Signature>> | 'any';
  /** Definition-time checks Kapacitor makes; returns a reason to reject. */
  readonly validate?: (handler: HandlerInstruction) => string | undefined;
}

const STRING: Signature = { required: ['string'] };
const STRINGS: Signature = { required: [], variadic: 'string' };
const DURATION: Signature = { required: ['duration'] };

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
 * Alerta's resource, event, environment, group and value are Go text/templates that Kapacitor
 * parses when it makes the handler, so a broken one fails the task definition.
 */
function validateAlerta(handler: HandlerInstruction): string | undefined {
  for (const option of handler.options) {
    const source = option.args[0];
    if (!['resource', 'event', 'environment', 'group', 'value'].includes(option.name) || typeof source !== 'string') continue;
    try {
      parseTemplate(source, { name: option.name, html: false });
    } catch (error) {
      if (error instanceof TemplateError) return `invalid alerta ${option.name} template: ${error.message}`;
      throw error;
    }
  }
  return undefined;
}

/** `.post().header(k, v)`: Kapacitor refuses to set the Authenticate header from a script. */
function validatePost(handler: HandlerInstruction): string | undefined {
  for (const [name] of optionArgs(handler, 'header')) {
    if (typeof name === 'string' && name.toLowerCase() === 'authenticate') return "cannot set 'authenticate' header";
  }
  return undefined;
}

/**
 * Kapacitor 1.6's alert handlers. The ones vigil delivers are fully specified; the others are
 * recorded with unchecked options so that scripts written for Kapacitor still define.
 */
export const HANDLER_SPECS: readonly HandlerSpec[] = [
  {
    kind: 'post',
    summary: 'HTTP POST the alert JSON to a URL (a text/template) or a configured endpoint.',
    args: STRINGS,
    options: {
      endpoint: STRING,
      header: { required: ['string', 'string'] },
      captureResponse: NO_ARGUMENTS,
      timeout: DURATION,
      skipSSLVerification: NO_ARGUMENTS,
    },
    validate: validatePost,
  },
  { kind: 'tcp', summary: 'Send the alert JSON to host:port over a new TCP connection.', args: STRING, options: {} },
  { kind: 'email', summary: 'Email the alert; subject = message, body = details.', args: STRINGS, options: { to: STRINGS } },
  {
    kind: 'exec',
    summary: 'Run a program per event with the alert JSON on stdin.',
    args: { required: ['string'], variadic: 'string' },
    options: {},
  },
  {
    kind: 'log',
    summary: 'Append the alert JSON as one line to an absolute file path.',
    args: STRING,
    options: { mode: { required: ['int'] } },
    validate: validateLog,
  },
  {
    kind: 'slack',
    summary: 'Post the alert message to Slack.',
    args: NO_ARGUMENTS,
    options: { workspace: STRING, channel: STRING, username: STRING, iconEmoji: STRING },
  },
  {
    kind: 'telegram',
    summary: 'Send the alert message to a Telegram chat.',
    args: NO_ARGUMENTS,
    options: { chatId: STRING, parseMode: STRING, disableWebPagePreview: NO_ARGUMENTS, disableNotification: NO_ARGUMENTS },
  },
  {
    kind: 'pagerDuty2',
    summary: "Trigger or resolve a PagerDuty incident through the Events v2 API.",
    args: NO_ARGUMENTS,
    options: { routingKey: STRING, link: { required: ['string'], optional: ['string'] } },
  },
  {
    kind: 'alerta',
    summary: 'Send the alert to Alerta.',
    args: NO_ARGUMENTS,
    options: {
      token: STRING,
      resource: STRING,
      event: STRING,
      environment: STRING,
      group: STRING,
      value: STRING,
      origin: STRING,
      services: STRINGS,
      correlated: STRINGS,
      timeout: DURATION,
    },
    validate: validateAlerta,
  },
  {
    kind: 'opsGenie2',
    summary: "Send the alert to OpsGenie through its v2 API.",
    args: NO_ARGUMENTS,
    options: { teams: STRINGS, recipients: STRINGS },
  },
  {
    kind: 'alertmanager',
    summary: "vigil's own handler: send the alert to a Prometheus Alertmanager, labelled with the alert id and level.",
    args: NO_ARGUMENTS,
    options: { url: STRING, labels: STRINGS },
  },
  { kind: 'opsGenie', summary: "OpsGenie v1 (deprecated).", args: NO_ARGUMENTS, options: { teams: STRINGS, recipients: STRINGS } },
  { kind: 'pagerDuty', summary: 'PagerDuty v1 (deprecated).', args: NO_ARGUMENTS, options: { serviceKey: STRING } },
  { kind: 'victorOps', summary: 'Send the alert to VictorOps.', args: NO_ARGUMENTS, options: { routingKey: STRING } },
  { kind: 'hipChat', summary: 'Send the alert to HipChat.', args: NO_ARGUMENTS, options: { room: STRING, token: STRING } },
  { kind: 'talk', summary: 'Send the alert to Talk.', args: NO_ARGUMENTS, options: {} },
  { kind: 'sensu', summary: 'Send the alert to Sensu.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'pushover', summary: 'Send the alert to Pushover.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'mqtt', summary: 'Publish the alert to an MQTT topic.', args: STRING, options: 'any' },
  { kind: 'snmpTrap', summary: 'Send an SNMP trap.', args: STRING, options: 'any' },
  { kind: 'kafka', summary: 'Write the alert to a Kafka topic.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'bigPanda', summary: 'Send the alert to BigPanda.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'teams', summary: 'Send the alert to Microsoft Teams.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'discord', summary: 'Send the alert to Discord.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'serviceNow', summary: 'Send the alert to ServiceNow.', args: NO_ARGUMENTS, options: 'any' },
  { kind: 'zenoss', summary: 'Send the alert to Zenoss.', args: NO_ARGUMENTS, options: 'any' },
];

const SPECS_BY_KIND = new Map(HANDLER_SPECS.map((spec) => [spec.kind, spec]));

export function handlerSpec(kind: string): HandlerSpec | undefined {
  return SPECS_BY_KIND.get(kind);
}
