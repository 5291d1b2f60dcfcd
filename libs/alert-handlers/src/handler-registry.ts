import type { HandlerInstruction } from '@vigil/core';
import type { Handler } from './handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from './handler-config';
import { HandlerOptionError } from './handler-options';
import { checkSideloadNode } from './allowlist/sideload-allowlist';
import { buildAlertaHandler } from './handlers/alerta.handler';
import { buildAlertmanagerHandler, checkAlertmanagerInstruction } from './handlers/alertmanager.handler';
import { buildBigPandaHandler } from './handlers/big-panda.handler';
import { buildDiscordHandler } from './handlers/discord.handler';
import { buildEmailHandler } from './handlers/email.handler';
import { buildExecHandler, checkExecInstruction } from './handlers/exec.handler';
import { buildKafkaHandler, checkKafkaInstruction } from './handlers/kafka.handler';
import { buildLogHandler, checkLogInstruction } from './handlers/log.handler';
import { buildOpsGenieHandler } from './handlers/ops-genie.handler';
import { buildOpsGenie2Handler } from './handlers/ops-genie2.handler';
import { buildPagerDutyHandler } from './handlers/pager-duty.handler';
import { buildPagerDuty2Handler } from './handlers/pager-duty2.handler';
import { buildPostHandler, checkHttpPostNode, checkPostInstruction } from './handlers/post.handler';
import { buildPushoverHandler } from './handlers/pushover.handler';
import { buildMqttHandler } from './handlers/mqtt.handler';
import { buildSensuHandler } from './handlers/sensu.handler';
import { buildSnmpTrapHandler } from './handlers/snmp-trap.handler';
import { buildServiceNowHandler, checkServiceNowInstruction } from './handlers/service-now.handler';
import { buildSlackHandler } from './handlers/slack.handler';
import { buildTcpHandler, checkTcpInstruction } from './handlers/tcp.handler';
import { buildTeamsHandler, checkTeamsInstruction } from './handlers/teams.handler';
import { buildVictorOpsHandler } from './handlers/victor-ops.handler';
import { buildTelegramHandler } from './handlers/telegram.handler';
import {
  alertaServiceTest,
  alertmanagerServiceTest,
  bigPandaServiceTest,
  discordServiceTest,
  emailServiceTest,
  kafkaServiceTest,
  mqttServiceTest,
  opsGenie2ServiceTest,
  opsGenieServiceTest,
  pagerDuty2ServiceTest,
  pagerDutyServiceTest,
  postServiceTest,
  pushoverServiceTest,
  sensuServiceTest,
  serviceNowServiceTest,
  slackServiceTest,
  snmpTrapServiceTest,
  teamsServiceTest,
  telegramServiceTest,
  victorOpsServiceTest,
  type ServiceTestDeclaration,
} from './service-tests/service-test-declarations';

/**
 * One handler's delivery as data: what it sends, its configuration, and how to build it. Its
 * arguments and properties are declared once, in tick-lang's catalog (handlerDeclaration), which
 * the script compiler, the engine and docs/handlers.md read.
 */
export interface HandlerSpec {
  readonly kind: string;
  readonly summary: string;
  /** What the notifier configuration may supply. */
  readonly config: string;
  /**
   * How the receiver can tell a repeated notification (a crash can repeat a few; docs/notifier.md,
   * "What a crash repeats") from a new one.
   */
  readonly repeats: string;
  /** Absent for a handler vigil knows by name but cannot deliver to yet. */
  readonly build?: (instruction: HandlerInstruction, config: HandlerConfig) => Handler;
  /**
   * For handlers that run programs or open connections where a script says: throws a
   * HandlerOptionError naming the setting to add when the configuration does not allow the
   * target. `build` runs the same check, so a task refused at definition is refused at delivery.
   */
  readonly checkAllowed?: (instruction: HandlerInstruction, config: HandlerConfig) => void;
  /** Its entry in `kapacitor list service-tests`, when Kapacitor has a test for the service. */
  readonly serviceTest?: ServiceTestDeclaration;
}

const timeout = (config: HandlerConfig): number => config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

export const HANDLER_SPECS: readonly HandlerSpec[] = [
  {
    kind: 'post',
    summary: "POST the Kapacitor alert JSON plus a newline to a URL (`.post('http://...')`) or a configured endpoint.",
    config:
      'post.endpoints.<name>: url, headers, basicAuth {username, password}; post.allowedOrigins: when set, a URL in a script must have one of these origins (`https://hooks.example.com`), while named endpoints are always allowed; unset, any URL is allowed, as in Kapacitor; timeoutMs.',
    repeats: "Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); the body stays Kapacitor's JSON.",
    build: buildPostHandler,
    checkAllowed: checkPostInstruction,
    serviceTest: postServiceTest,
  },
  {
    kind: 'slack',
    summary: "Slack incoming-webhook message as Kapacitor builds it; colour by level (danger, warning, good).",
    config: 'slack.default / slack.workspaces.<name>: url, token, channel, username, iconEmoji.',
    repeats: "Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler), which Slack's incoming webhooks ignore: a repeat is a second message.",
    build: buildSlackHandler,
    serviceTest: slackServiceTest,
  },
  {
    kind: 'log',
    summary: "Append the alert JSON as one line to an absolute file path (`.log('/var/log/alerts.log')`); folders below an allowed one are created, a link at the file itself is not followed.",
    config: 'log.allow (required): the folders a script may append below, absolute paths (`/var/log/vigil`); any other `.log()` is refused, as is every one without the list (`vigil serve`: `<data folder>/logs` when unset).',
    repeats: "No key: a repeat appends the line again (the event's `id` and `time` are in it).",
    build: buildLogHandler,
    checkAllowed: checkLogInstruction,
  },
  {
    kind: 'tcp',
    summary: "Send the alert JSON followed by two newlines over a new TCP connection per event (`.tcp('host:port')`).",
    config: "tcp.allow (required): the addresses a script may name, `host:port` or `host:*`; any other `.tcp()` is refused, as is every one without the list; timeoutMs.",
    repeats: "No key: a repeat sends the JSON again (the event's `id` and `time` are in it).",
    build: (instruction, config) => buildTcpHandler(instruction, config, timeout(config)),
    checkAllowed: checkTcpInstruction,
  },
  {
    kind: 'exec',
    summary: "Run a program per event with the alert JSON and a newline on stdin (`.exec('/path/prog', 'arg')`); a non-zero exit fails without retry.",
    config:
      'exec.allow (required): the programs a script may run, as `{"program": "/abs/path", "args": ["pattern", ...]}`; the path must equal the script\'s, and the script must pass exactly one argument per pattern, each matching it whole (no `args`: no arguments); any other `.exec()` is refused, as is every one without the list; timeoutMs.',
    repeats: "No key: a repeat runs the program again with the same JSON (the event's `id` and `time` are in it).",
    build: (instruction, config) => buildExecHandler(instruction, config, timeout(config)),
    checkAllowed: checkExecInstruction,
  },
  {
    kind: 'telegram',
    summary: 'Telegram Bot API sendMessage with the event message.',
    config: 'telegram: token (secret), url, chatId, parseMode, disableWebPagePreview, disableNotification.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler), which the Bot API ignores: a repeat is a second message.',
    build: buildTelegramHandler,
    serviceTest: telegramServiceTest,
  },
  {
    kind: 'pagerDuty2',
    summary: 'PagerDuty Events API v2: trigger with dedup key = alert id; an OK event resolves.',
    config: 'pagerDuty2: routingKey (secret), url, source.',
    repeats: "Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `dedup_key` is the alert id, as Kapacitor sends it, so PagerDuty folds a repeat into the alert's open incident.",
    build: buildPagerDuty2Handler,
    serviceTest: pagerDuty2ServiceTest,
  },
  {
    kind: 'alertmanager',
    summary: 'POST the event to an Alertmanager (`/api/v2/alerts`): alertname = alert id, tag labels, endsAt on OK. Events sent at the same moment (a burst) share one POST, up to 64 alerts in its list; a list refused with a 4xx is sent again one alert per request, so only a bad alert is dead-lettered.',
    config: "alertmanager: url, basicAuth (sent to url's origin only); post.allowedOrigins: the origins a script's `.url()` may name, none while it is unset.",
    repeats: 'A request of one alert carries its `Idempotency-Key` (the same on every repeat of one event to this handler), a list `batch:` and a digest of its alerts\' keys (the same only for the same alerts in the same order); Alertmanager identifies an alert by its labels, so a repeat updates the alert it has instead of adding one.',
    build: buildAlertmanagerHandler,
    checkAllowed: checkAlertmanagerInstruction,
    serviceTest: alertmanagerServiceTest,
  },
  {
    kind: 'email',
    summary: "SMTP email per event (`.email('oncall@example.com')`): subject = message, HTML body = details; a 4xx reply or no answer retries, a 5xx reply does not.",
    config: 'email: host, port (25), username, password (secret), from, to, noVerify, secure (TLS from the start; default on port 465); timeoutMs.',
    repeats: 'No key: a repeat is a second mail.',
    build: buildEmailHandler,
    serviceTest: emailServiceTest,
  },
  {
    kind: 'alerta',
    summary: 'Alerta API: POST `<url>/alert` with the templated resource, event, group and value, severity from the level (ok, informational, warning, critical) and the event data as rawData.',
    config: 'alerta: url, token (secret), tokenPrefix, environment, origin; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); Alerta counts a repeat of the same resource, event, environment and severity as a duplicate of the alert it has.',
    build: buildAlertaHandler,
    serviceTest: alertaServiceTest,
  },
  {
    kind: 'opsGenie2',
    summary: 'OpsGenie Alerts API v2: create an alert aliased by the alert id (priority P1/P3/P5); an OK event closes it or adds a note.',
    config: 'opsGenie2: apiKey (secret), url, teams, recipients, recoveryAction.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `alias` is the alert id (URL-safe base64), as Kapacitor sends it, so OpsGenie counts a repeat on the open alert instead of opening another.',
    build: buildOpsGenie2Handler,
    serviceTest: opsGenie2ServiceTest,
  },
  {
    kind: 'teams',
    summary: "Microsoft Teams incoming webhook: Kapacitor's MessageCard (title `LEVEL: [alert id]`, the message as text, a summary cut after 70 bytes, colour by level).",
    config: 'teams: channelUrl (secret). A script\'s `.channelURL()` must have an origin in post.allowedOrigins when that list is set; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler), which Teams ignores: a repeat is a second card.',
    build: buildTeamsHandler,
    checkAllowed: checkTeamsInstruction,
    serviceTest: teamsServiceTest,
  },
  {
    kind: 'discord',
    summary: "Discord webhook message as Kapacitor builds it: one embed with the message as description, the templated `.embedTitle()`, colour by level, the event time when the workspace sets timestamp.",
    config: 'discord.default / discord.workspaces.<name>: url (secret), username, avatarUrl, timestamp; timeoutMs.',
    repeats: "Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler), which Discord's webhooks ignore: a repeat is a second message.",
    build: buildDiscordHandler,
    serviceTest: discordServiceTest,
  },
  {
    kind: 'victorOps',
    summary: "VictorOps (Splunk On-Call) REST endpoint: POST to `<url>/<apiKey>/<routingKey>` with message_type (RECOVERY for OK, else the level), entity_id = alert id, the message, Unix seconds and the event data, as Kapacitor sends it.",
    config: 'victorOps: apiKey (secret), routingKey, url, jsonData (data as an object rather than a JSON string); timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `entity_id` is the alert id, so VictorOps adds a repeat to the incident of that entity instead of opening another.',
    build: buildVictorOpsHandler,
    serviceTest: victorOpsServiceTest,
  },
  {
    kind: 'pushover',
    summary: 'Pushover Messages API: the form Kapacitor posts (token, user, message, priority -2/-1/0/1 for OK/INFO/WARNING/CRITICAL, and device, title, url, url_title, sound when set).',
    config: 'pushover: token (secret), userKey (secret), url; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler), which Pushover ignores: a repeat is a second notification.',
    build: buildPushoverHandler,
    serviceTest: pushoverServiceTest,
  },
  {
    kind: 'kafka',
    summary: "Write the alert JSON plus a newline (or the `.template()` text over the alert data) as one record keyed by the alert id to `.kafkaTopic()` on a configured cluster, acknowledged by all in-sync replicas. Delivered by the notifier; `vigil serve` has no producer for it and refuses it at delivery.",
    config: 'kafka.clusters.<name>.brokers (`.cluster()` names one, `default` otherwise; a task naming an unconfigured cluster is refused at definition); the brokers use the notifier\'s own KAFKA_SECURITY_PROTOCOL settings.',
    repeats: 'Each record carries the notification\'s key in an `Idempotency-Key` header (the same on every repeat of one event to this handler), and the alert id as its key; a repeat is a second record.',
    build: buildKafkaHandler,
    checkAllowed: checkKafkaInstruction,
    serviceTest: kafkaServiceTest,
  },
  {
    kind: 'opsGenie',
    summary: "OpsGenie Alert API v1 as Kapacitor sends it: POST `<url>/` with the API key, entity and alias = alert id, the message, details.Level (RECOVERY for OK), the event data as a JSON string in description; an OK event goes to `<recoveryUrl>/` with the message as note. OpsGenie has retired v1: prefer `.opsGenie2()`.",
    config: 'opsGenie: apiKey (secret), url, recoveryUrl, teams, recipients; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `alias` is the alert id, so OpsGenie counts a repeat on the open alert.',
    build: buildOpsGenieHandler,
    serviceTest: opsGenieServiceTest,
  },
  {
    kind: 'pagerDuty',
    summary: "PagerDuty Events API v1 as Kapacitor sends it: service_key, event_type trigger (WARNING, CRITICAL) or resolve (OK), incident_key = alert id, the message as description, the details text; INFO events are not sent (failed, not retried, as Kapacitor logs them). Prefer `.pagerDuty2()`.",
    config: 'pagerDuty: serviceKey (secret), url, clientUrl (the `client_url` field; Kapacitor sends its own address); timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `incident_key` is the alert id, so PagerDuty folds a repeat into the open incident.',
    build: buildPagerDutyHandler,
    serviceTest: pagerDutyServiceTest,
  },
  {
    kind: 'bigPanda',
    summary: "BigPanda Alerts API as Kapacitor sends it: status (ok, warning, critical), check = alert id, task = `<task>:<measurement>`, the message, details unless they are JSON, Unix seconds, app key and properties, then the point's tags and fields (fields as text).",
    config: 'bigPanda: token (secret), appKey, url; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); BigPanda merges a repeat into the incident of the same check and primary property.',
    build: buildBigPandaHandler,
    serviceTest: bigPandaServiceTest,
  },
  {
    kind: 'serviceNow',
    summary: "ServiceNow event API as Kapacitor sends it: one record with source, the templated node, type, resource, metric_name and message_key (the alert id when empty), severity 1/4/5 for CRITICAL/WARNING/else, the message as description, additional_info as a JSON string; empty fields left out, Go's byte cut-offs. A template failing on an event renders empty (Kapacitor keeps what it wrote before the error).",
    config: 'serviceNow: url, source, username, password (secret; basic auth only when both are set). A script\'s `.url()` must have an origin in post.allowedOrigins when that list is set; timeoutMs.',
    repeats: 'Each request carries `Idempotency-Key` (the same on every repeat of one event to this handler); `message_key` is the alert id unless set, so ServiceNow folds a repeat into the alert of that key.',
    build: buildServiceNowHandler,
    checkAllowed: checkServiceNowInstruction,
    serviceTest: serviceNowServiceTest,
  },
  {
    kind: 'sensu',
    summary: "Sensu 1.x client socket (TCP) as Kapacitor writes to it: a check result with name = alert id (letters, digits, `_`, `.`, `-`, or not sent), output = message, the templated source, status 0/1/2 (OK and INFO, WARNING, CRITICAL), handlers and `.metadata()`; the socket must answer `ok`. A refused connection or timeout retries, another answer does not.",
    config: 'sensu: addr (host:port, set by the operator), source (default `Kapacitor`), handlers; timeoutMs.',
    repeats: 'No key: a repeat is a second check result for the same check name, which Sensu records as another occurrence.',
    build: buildSensuHandler,
    serviceTest: sensuServiceTest,
  },
  {
    kind: 'mqtt',
    summary: "Publish the alert message (nothing else, as Kapacitor) to an MQTT broker: the topic is a template over the alert data, QoS 0, 1 or 2 and the retain flag as the script sets them. One connection per configured broker, opened at its first message and kept; delivered once written (QoS 0) or acknowledged (PUBACK, PUBCOMP). No connection within the timeout or no acknowledgement retries; a broker refusing the credentials, an empty topic or one with a wildcard does not.",
    config: 'mqtt.brokers.<name>: url (`mqtt://`, `mqtts://`, Kapacitor\'s `tcp://`/`ssl://`, `ws://`, `wss://`), clientId (default `vigil-<name>-<random>` per process, so notifiers never share one), username, password (secret), sslCa, sslCert, sslKey (PEM files; certificates are always verified); mqtt.defaultBroker (the only broker when unset); timeoutMs.',
    repeats: 'No key: the message is the alert message alone. A repeat is a second message; at QoS 1 the broker may also pass one message on twice, and a message not acknowledged before the timeout is sent again.',
    build: buildMqttHandler,
    serviceTest: mqttServiceTest,
  },
  {
    kind: 'snmpTrap',
    summary: 'One SNMP v2c trap per event over UDP to the configured receiver, as Kapacitor sends it: sysUpTime 1000, snmpTrapOID = the script\'s trap OID, then each `.data()` variable with its rendered value (c Counter64, i Integer32, n Null, s string, t TimeTicks, a IpAddress, d decimal string, u Unsigned32). A trap has no answer: delivered once sent, lost if the receiver is down (as with Kapacitor). A value that does not fit its type fails without retry, naming the OID.',
    config: 'snmpTrap: addr (host:port, required), community (secret; default `kapacitor`), retries (accepted; a trap is sent once, there is no answer to retry on).',
    repeats: 'No key: a repeat is a second trap with the same variables.',
    build: buildSnmpTrapHandler,
    serviceTest: snmpTrapServiceTest,
  },
];

export function findHandlerSpec(kind: string, specs: readonly HandlerSpec[] = HANDLER_SPECS): HandlerSpec | undefined {
  return specs.find((spec) => spec.kind === kind);
}

/**
 * Builds the handler an alert node asked for. Unknown handlers, handlers not supported yet and bad
 * options or configuration throw a HandlerOptionError whose message says what to change.
 */
export function buildHandler(instruction: HandlerInstruction, config: HandlerConfig, specs: readonly HandlerSpec[] = HANDLER_SPECS): Handler {
  const spec = findHandlerSpec(instruction.kind, specs);
  if (!spec) {
    const supported = specs.filter((s) => s.build).map((s) => s.kind);
    throw new HandlerOptionError(`unknown handler .${instruction.kind}(); vigil delivers to: ${supported.join(', ')}`);
  }
  if (!spec.build) {
    throw new HandlerOptionError(`handler .${instruction.kind}() is not supported yet; use .post() to a bridge or one of the supported handlers`);
  }
  return spec.build(instruction, config);
}

/**
 * Refuses, at task definition, a handler target the configuration does not allow (a program
 * outside exec.allow, an address outside tcp.allow, a script URL outside post.allowedOrigins),
 * with a HandlerOptionError naming the setting to add. Nothing else is checked here: a handler
 * that lacks, say, its Slack webhook is still defined and dead-lettered at delivery, as before.
 * An `|httpPost()` node is checked too (checkHttpPostNode): its endpoint must be configured,
 * because the process that runs the task posts to it, with no dead letters behind it. So is a
 * `|sideload()` node (checkSideloadNode): its directory must be under sideload.allow.
 */
export function checkHandlerAllowed(instruction: HandlerInstruction, config: HandlerConfig, specs: readonly HandlerSpec[] = HANDLER_SPECS): void {
  // Not a handler: an |httpPost() node, which the engine posts from (task definition hands it over as one).
  if (instruction.kind === 'httpPost') return checkHttpPostNode(instruction, config);
  // Not a handler either: a |sideload() node's directory, which the engine reads when it builds the task.
  if (instruction.kind === 'sideload') return checkSideloadNode(instruction, config);
  findHandlerSpec(instruction.kind, specs)?.checkAllowed?.(instruction, config);
}
