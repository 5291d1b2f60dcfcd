import type { HandlerSpec, PropertySpec } from './catalog-types';
import { arg, flagProperty, optionalArg, str, stringsProperty, valueProperty } from './spec-builders';

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
      valueProperty('endpoint', 'string', 'Name of a configured endpoint (post.endpoints) with URL, headers and basic auth.'),
      {
        name: 'header',
        args: [arg('name', 'string'), arg('value', 'string')],
        doc: "`.header('name', 'value')` adds a request header; Authenticate is refused, and an Idempotency-Key is replaced by the notification's own.",
      },
      valueProperty('timeout', 'duration', 'Request timeout, e.g. `.timeout(5s)`.'),
      flagProperty('captureResponse', 'Log the body of a non-2xx answer.'),
      // Kapacitor turns certificate checks off for this handler; vigil is secure by default and
      // accepts the call only so that Kapacitor scripts still define.
      flagProperty('skipSSLVerification', "Accepted for compatibility but not honoured: vigil still verifies the certificate (Kapacitor would skip the check)."),
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
    opens: handler([stringsProperty('to', "`.to('a@example.com', ...)` adds recipients to those given to `.email()`; without any, email.to is used.")]),
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
    opens: handler([valueProperty('mode', 'int', 'File mode used when the file is created, e.g. `.mode(0644)`; default 0600.')]),
  },
  {
    name: 'slack',
    args: [],
    doc: 'Posts the alert message to Slack, using the configured workspace unless overridden.',
    opens: handler([
      valueProperty('workspace', 'string', 'Configured workspace name (slack.workspaces); the default workspace otherwise.'),
      valueProperty('channel', 'string', 'Channel, e.g. `#alerts`; falls back to the workspace channel.'),
      valueProperty('username', 'string', 'Sender name; falls back to the workspace username, then `kapacitor`.'),
      valueProperty('iconEmoji', 'string', 'Sender emoji, e.g. `:fire:`.'),
    ]),
  },
  {
    name: 'telegram',
    args: [],
    doc: 'Sends the alert message to a Telegram chat through the configured bot.',
    opens: handler([
      valueProperty('chatId', 'string', 'Chat to post to; falls back to telegram.chatId.'),
      { name: 'parseMode', args: [arg('mode', 'string', { oneOf: ['Markdown', 'MarkdownV2', 'HTML'] })], doc: "'Markdown', 'MarkdownV2' or 'HTML'." },
      flagProperty('disableWebPagePreview', 'Disable link previews.'),
      flagProperty('disableNotification', 'Send silently.'),
    ]),
  },
  {
    name: 'pagerDuty2',
    args: [],
    doc: 'Sends the alert to PagerDuty (Events API v2).',
    opens: handler([
      valueProperty('routingKey', 'string', 'Integration key; prefer configuring it (pagerDuty2.routingKey).'),
      {
        name: 'link',
        args: [arg('href', 'string'), optionalArg('text', 'string')],
        doc: "`.link('https://grafana.example.com/d/{{ index .Tags \"host\" }}', 'Dashboard')` adds a link to the event's `links`; href and text are templates over the alert data, the text defaults to the href; may be called several times.",
      },
    ]),
  },
  {
    name: 'alerta',
    args: [],
    doc: 'Sends the alert to Alerta.',
    opens: handler([
      valueProperty('resource', 'string', 'Template, default `{{ .Name }}` (the measurement).', str('{{ .Name }}')),
      valueProperty('event', 'string', 'Template, default `{{ .ID }}` (the alert id).', str('{{ .ID }}')),
      valueProperty('environment', 'string', 'Template; falls back to alerta.environment.'),
      valueProperty('group', 'string', 'Template, default `{{ .Group }}` (`k=v,...` of the row tags, `nil` without tags).', str('{{ .Group }}')),
      valueProperty('value', 'string', 'Template, default empty.'),
      valueProperty('origin', 'string', 'Falls back to alerta.origin.'),
      stringsProperty('services', "`.services('a', '{{ .TaskName }}')` templates; default the measurement name."),
      stringsProperty('correlated', "`.correlated('a', ...)` templates; default the measurement name."),
      valueProperty('timeout', 'duration', 'How long Alerta keeps the alert, e.g. `.timeout(1h)`; default 24h. Not the HTTP timeout (timeoutMs).'),
      {
        name: 'renameSeverity',
        args: [arg('level', 'string', { oneOf: ['ok', 'info', 'warn', 'crit'] }), arg('severity', 'string')],
        doc: "`.renameSeverity('crit', 'major')` renames ok, info, warn or crit.",
      },
      valueProperty('token', 'string', 'API token; prefer configuring it (alerta.token).'),
      { name: 'tokenPrefix', args: [arg('prefix', 'string')], doc: '`Bearer` (default) or `Key`; falls back to alerta.tokenPrefix.' },
    ]),
  },
  {
    name: 'opsGenie2',
    args: [],
    doc: 'Sends the alert to OpsGenie (API v2).',
    opens: handler([
      stringsProperty('teams', "`.teams('a', 'b')` responder teams; falls back to opsGenie2.teams."),
      stringsProperty('recipients', "`.recipients('user')` responder users; falls back to opsGenie2.recipients."),
      { name: 'recoveryAction', args: [arg('action', 'string', { oneOf: ['close', 'notes'] })], doc: "'close' (default) or 'notes'." },
    ]),
  },
  {
    name: 'alertmanager',
    args: [],
    doc: "vigil's own handler (Kapacitor 1.5.9 has none): sends the alert to a Prometheus Alertmanager, as an alert labelled with the alert id, level, task and tags.",
    opens: handler([
      {
        name: 'url',
        args: [arg('url', 'string')],
        doc: "Alertmanager base URL instead of alertmanager.url; refused unless post.allowedOrigins lists its origin. alertmanager.basicAuth is sent only to alertmanager.url's origin.",
      },
      stringsProperty('labels', "`.labels('host', 'service')`: only these tags become labels (default: every tag), so Alertmanager groups and silences by them; alertname, level and task are always set; may be called several times."),
    ]),
  },
  {
    name: 'teams',
    args: [],
    doc: 'Posts the alert as a card to a Microsoft Teams channel through its incoming webhook.',
    opens: handler([valueProperty('channelURL', 'string', 'Webhook URL of the channel; falls back to teams.channelUrl.')]),
  },
  {
    name: 'discord',
    args: [],
    doc: 'Posts the alert message to a Discord channel through the configured webhook.',
    opens: handler([
      valueProperty('workspace', 'string', 'Configured workspace name (discord.workspaces); the default workspace otherwise.'),
      valueProperty('username', 'string', 'Sender name; falls back to the workspace username.'),
      valueProperty('avatarURL', 'string', "Sender avatar image URL; falls back to the workspace avatarUrl."),
      valueProperty('embedTitle', 'string', 'Template of the embed title, e.g. `{{ .ID }}`; default empty.'),
    ]),
  },
  {
    name: 'victorOps',
    args: [],
    doc: 'Sends the alert to VictorOps (Splunk On-Call) through its REST endpoint.',
    opens: handler([valueProperty('routingKey', 'string', 'Routing key; falls back to victorOps.routingKey.')]),
  },
  {
    name: 'pushover',
    args: [],
    doc: 'Sends the alert message to Pushover, with a priority by level.',
    opens: handler([
      valueProperty('userKey', 'string', 'User or group key; falls back to pushover.userKey.'),
      valueProperty('device', 'string', 'Device names (comma-separated); all devices otherwise.'),
      valueProperty('title', 'string', "Message title; the application's name otherwise."),
      // Kapacitor's field is URL and TICKscript only lowers the first letter.
      valueProperty('uRL', 'string', 'Supplementary URL shown with the message.'),
      valueProperty('uRLTitle', 'string', 'Title of the supplementary URL.'),
      valueProperty('sound', 'string', "Sound to play instead of the user's default."),
    ]),
  },
  {
    name: 'kafka',
    args: [],
    doc: 'Writes the alert JSON as a record keyed by the alert id to a Kafka topic of a configured cluster.',
    opens: handler([
      valueProperty('cluster', 'string', 'Configured cluster name (kafka.clusters); `default` otherwise.'),
      valueProperty('kafkaTopic', 'string', 'Topic to write to (required).'),
      valueProperty('template', 'string', 'Go text/template over the alert data replacing the JSON value.'),
    ]),
  },
  {
    name: 'opsGenie',
    args: [],
    doc: 'Sends the alert to OpsGenie through its retired v1 API, as Kapacitor does; prefer `.opsGenie2()`.',
    opens: handler([
      stringsProperty('teams', "`.teams('a', 'b')` teams; falls back to opsGenie.teams."),
      stringsProperty('recipients', "`.recipients('user')` recipients; falls back to opsGenie.recipients."),
    ]),
  },
  {
    name: 'pagerDuty',
    args: [],
    doc: 'Sends the alert to PagerDuty through Events API v1, as Kapacitor does; prefer `.pagerDuty2()`.',
    opens: handler([valueProperty('serviceKey', 'string', 'Service key; prefer configuring it (pagerDuty.serviceKey).')]),
  },
  {
    name: 'bigPanda',
    args: [],
    doc: 'Sends the alert to BigPanda.',
    opens: handler([
      valueProperty('appKey', 'string', 'Integration app key; falls back to bigPanda.appKey.'),
      valueProperty('primaryProperty', 'string', "Name of the tag BigPanda groups incidents by."),
      valueProperty('secondaryProperty', 'string', 'Name of the second tag BigPanda groups incidents by.'),
    ]),
  },
  {
    name: 'serviceNow',
    args: [],
    doc: 'Sends the alert as an event to ServiceNow.',
    opens: handler([
      valueProperty('url', 'string', "Event API URL; falls back to serviceNow.url."),
      valueProperty('source', 'string', 'Event source; falls back to serviceNow.source.'),
      valueProperty('node', 'string', 'Template of the node (host), e.g. `{{ index .Tags "host" }}`.'),
      valueProperty('type', 'string', 'Template of the metric type.'),
      valueProperty('resource', 'string', 'Template of the resource.'),
      valueProperty('metricName', 'string', 'Template of the metric name.'),
      valueProperty('messageKey', 'string', 'Template of the message key; the alert id when empty.'),
      { name: 'additionalInfo', args: [arg('key', 'string'), arg('value', 'string')], doc: "`.additionalInfo('key', 'template')` adds an entry to additional_info; may be called several times." },
      valueProperty('username', 'string', 'Accepted and ignored, as Kapacitor 1.5.9 does: basic auth comes from serviceNow.username.'),
      valueProperty('password', 'string', 'Accepted and ignored, as Kapacitor 1.5.9 does: basic auth comes from serviceNow.password.'),
    ]),
  },
  {
    name: 'sensu',
    args: [],
    doc: 'Sends the alert as a check result to the Sensu 1.x client socket.',
    opens: handler([
      valueProperty('source', 'string', 'Template of the check source; sensu.source (default `Kapacitor`) when it renders empty.'),
      stringsProperty('handlers', "`.handlers('a', 'b')` Sensu handlers; falls back to sensu.handlers."),
      { name: 'metadata', args: [arg('key', 'string'), arg('value', 'string')], doc: "`.metadata('key', 'value')` adds a top-level key to the check result (Sensu's own keys are kept)." },
    ]),
  },
  {
    name: 'mqtt',
    args: [arg('topic', 'string')],
    doc: 'Publishes the alert message to an MQTT topic (itself a template) on a configured broker.',
    opens: handler([
      valueProperty('brokerName', 'string', 'Configured broker name (mqtt.brokers); mqtt.defaultBroker, or the only broker, otherwise.'),
      valueProperty('qos', 'int', 'Quality of service: 0 at most once (default), 1 at least once, 2 exactly once.'),
      valueProperty('retained', 'bool', '`.retained(TRUE)` asks the broker to keep the message for subscribers that come later.'),
    ]),
  },
  {
    name: 'snmpTrap',
    args: [arg('trapOid', 'string')],
    doc: 'Sends the alert as an SNMP v2c trap with the given trap OID to the configured trap receiver.',
    opens: handler([
      {
        name: 'data',
        args: [arg('oid', 'string'), arg('type', 'string', { oneOf: ['c', 'i', 'n', 's', 't', 'a', 'd', 'u'] }), arg('value', 'string')],
        doc: "`.data('1.3.6.1.4.1.1.5', 's', '{{ .Level }}')` adds a variable: c Counter64, i Integer32, n Null, s string, t TimeTicks, a IpAddress, d decimal string (octets such as `10 0 0 1`), u Unsigned32; the value is a template; may be called several times.",
      },
    ]),
  },
];

/**
 * Kapacitor handlers vigil does not deliver to, each with the reason; named so that using one
 * gives a clear error (docs/handlers.md, "Kapacitor handlers vigil does not deliver to").
 */
const NOT_DELIVERED: Readonly<Record<string, string>> = {
  hipChat: 'Atlassian shut HipChat down in 2019, so there is no service left to post to',
  talk: 'the Talk team-chat service the handler posted to has shut down, so there is no service left to post to',
  zenoss: 'Kapacitor 1.5.9, which vigil follows, has no zenoss handler (it came with 1.6)',
};

export const UNSUPPORTED_HANDLERS: readonly PropertySpec[] = Object.entries(NOT_DELIVERED).map(([name, reason]) => ({
  name,
  args: [],
  doc: `Kapacitor's ${name} handler.`,
  unsupported: `the ${name} alert handler is not supported by vigil: ${reason}; supported handlers: ${SUPPORTED_HANDLERS.map((spec) => spec.name).sort().join(', ')}`,
}));

/**
 * A handler vigil delivers to, as scripts call it: the one declaration of its arguments and
 * properties, which the engine (reading the calls) and the notifier (building the handler, and
 * docs/handlers.md) take theirs from.
 */
export function handlerDeclaration(kind: string): PropertySpec | undefined {
  return SUPPORTED_HANDLERS.find((spec) => spec.name === kind);
}

/** The properties a handler takes; those only named so that using one gives an error are left out. */
export function handlerProperties(kind: string): readonly PropertySpec[] {
  return (handlerDeclaration(kind)?.opens?.properties ?? []).filter((property) => !property.unsupported);
}
