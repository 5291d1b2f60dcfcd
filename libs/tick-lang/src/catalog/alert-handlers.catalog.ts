import type { HandlerSpec, PropertySpec } from './catalog-types';
import { arg, flagProperty, optionalArg, stringsProperty, valueProperty } from './spec-builders';

/**
 * Alert handlers: alert properties that open a handler object with its own properties. A name not
 * found among a handler's properties falls back to the alert node (Kapacitor's handler structs
 * embed the alert node), so `.post('u').stateChangesOnly()` sets the alert's property.
 */

const handler = (properties: PropertySpec[]): HandlerSpec => ({ properties });

export const SUPPORTED_HANDLERS: readonly PropertySpec[] = [
  {
    name: 'post',
    args: [optionalArg('url', 'string')],
    doc: 'POSTs the alert JSON (plus a newline) to the URL, itself a template; or to a configured `.endpoint()`.',
    opens: handler([
      valueProperty('endpoint', 'string', 'Name of a configured HTTP endpoint to use instead of a URL.'),
      { name: 'header', args: [arg('name', 'string'), arg('value', 'string')], doc: 'Adds an HTTP header; may be called several times.' },
      flagProperty('captureResponse', 'Logs the body of non-2xx responses.'),
      valueProperty('timeout', 'duration', 'Request timeout.'),
      flagProperty('skipSSLVerification', 'Does not verify the TLS certificate.'),
    ]),
  },
  {
    name: 'tcp',
    args: [arg('address', 'string')],
    doc: "Writes the alert JSON and two newlines to a new TCP connection to host:port per event.",
    opens: handler([]),
  },
  {
    name: 'email',
    args: [],
    rest: arg('to', 'string'),
    doc: 'Emails the alert (subject: the message) to the given addresses, or the configured ones.',
    opens: handler([stringsProperty('to', 'More recipients.')]),
  },
  {
    name: 'exec',
    args: [arg('executable', 'string')],
    rest: arg('arg', 'string'),
    doc: 'Runs a program per event with the given arguments and the alert JSON on its standard input.',
    opens: handler([]),
  },
  {
    name: 'log',
    args: [arg('filepath', 'string')],
    doc: 'Appends the alert JSON as one line to a file (absolute path).',
    opens: handler([valueProperty('mode', 'int', 'File mode when the file is created, e.g. 0644 (octal). Default: 0600.')]),
  },
  {
    name: 'slack',
    args: [],
    doc: 'Posts the alert message to Slack, using the configured workspace unless overridden.',
    opens: handler([
      valueProperty('workspace', 'string', 'Configured Slack workspace to use.'),
      valueProperty('channel', 'string', 'Channel, e.g. #alerts.'),
      valueProperty('username', 'string', 'Name shown as the sender.'),
      valueProperty('iconEmoji', 'string', 'Emoji shown as the avatar, e.g. :fire:.'),
    ]),
  },
  {
    name: 'telegram',
    args: [],
    doc: 'Sends the alert message to a Telegram chat through the configured bot.',
    opens: handler([
      valueProperty('chatId', 'string', 'Chat to send to (default: the configured one).'),
      { name: 'parseMode', args: [arg('mode', 'string', { oneOf: ['Markdown', 'HTML'] })], doc: 'Message formatting: Markdown or HTML.' },
      flagProperty('disableWebPagePreview', 'Disables link previews.'),
      flagProperty('disableNotification', 'Sends the message silently.'),
    ]),
  },
  {
    name: 'pagerDuty2',
    args: [],
    doc: 'Sends the alert to PagerDuty (Events API v2).',
    opens: handler([
      valueProperty('routingKey', 'string', 'Integration routing key (default: the configured one).'),
      { name: 'link', args: [arg('href', 'string'), optionalArg('text', 'string')], doc: 'Adds a link to the incident; may be called several times.' },
    ]),
  },
  {
    name: 'alerta',
    args: [],
    doc: 'Sends the alert to Alerta.',
    opens: handler([
      valueProperty('token', 'string', 'API token (default: the configured one).'),
      valueProperty('resource', 'string', 'Resource under alarm (a template).'),
      valueProperty('event', 'string', 'Event name (a template).'),
      valueProperty('environment', 'string', 'Environment (a template).'),
      valueProperty('group', 'string', 'Group (a template).'),
      valueProperty('value', 'string', 'Event value (a template).'),
      valueProperty('origin', 'string', 'Origin of the alert.'),
      stringsProperty('services', 'Affected services.'),
      valueProperty('timeout', 'duration', 'Alerta timeout of the alert.'),
    ]),
  },
  {
    name: 'opsGenie2',
    args: [],
    doc: 'Sends the alert to OpsGenie (API v2).',
    opens: handler([stringsProperty('teams', 'Teams to notify.'), stringsProperty('recipients', 'Recipients to notify.')]),
  },
  {
    name: 'alertmanager',
    args: [],
    doc: "vigil's own handler: sends the alert to a Prometheus Alertmanager, as an alert labelled with the alert id and level.",
    opens: handler([
      valueProperty('url', 'string', 'Alertmanager base URL (default: the configured one).'),
      stringsProperty('labels', 'Tags of the point copied into the Alertmanager labels.'),
    ]),
  },
];

/** Kapacitor handlers vigil does not deliver to; named so that using one gives a clear error. */
export const UNSUPPORTED_HANDLERS: readonly PropertySpec[] = [
  'bigPanda', 'discord', 'hipChat', 'kafka', 'mqtt', 'opsGenie', 'pagerDuty', 'pushover', 'sensu',
  'serviceNow', 'snmpTrap', 'talk', 'teams', 'victorOps', 'zenoss',
].map((name) => ({
  name,
  args: [],
  doc: `Kapacitor's ${name} handler.`,
  unsupported: `the ${name} alert handler is not supported by vigil; supported handlers: ${SUPPORTED_HANDLERS.map((spec) => spec.name).sort().join(', ')}`,
}));
