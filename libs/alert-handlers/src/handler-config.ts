import type { AlertRecordProducer } from './handlers/kafka.handler';

/**
 * What the notifier's configuration supplies to handlers: endpoints and secrets that a script
 * should not carry. The app builds this once at boot from its config file and environment; the
 * library never reads `process.env`.
 */
export interface HandlerConfig {
  /** Request timeout of HTTP handlers when the script sets none, in ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Named `[[httppost]]` endpoints for `.post().endpoint('name')`, and where a script's own URL may point. */
  readonly post?: PostConfig;
  /** Programs `.exec()` may run; without it every `.exec()` is refused. */
  readonly exec?: ExecConfig;
  /** Addresses `.tcp()` may connect to; without it every `.tcp()` is refused. */
  readonly tcp?: TcpConfig;
  /** Folders `.log()` may append below; without it every `.log()` is refused. */
  readonly log?: DirectoryAllowConfig;
  /** Directories `|sideload().source()` may read; without it every sideload node is refused. */
  readonly sideload?: DirectoryAllowConfig;
  readonly slack?: { readonly workspaces?: Readonly<Record<string, SlackWorkspaceConfig>>; readonly default?: SlackWorkspaceConfig };
  readonly telegram?: TelegramConfig;
  readonly pagerDuty2?: PagerDuty2Config;
  readonly alertmanager?: AlertmanagerConfig;
  readonly opsGenie2?: OpsGenie2Config;
  readonly email?: EmailConfig;
  readonly alerta?: AlertaConfig;
  readonly teams?: TeamsConfig;
  readonly victorOps?: VictorOpsConfig;
  readonly pushover?: PushoverConfig;
  readonly opsGenie?: OpsGenieConfig;
  readonly bigPanda?: BigPandaConfig;
  readonly serviceNow?: ServiceNowConfig;
  readonly sensu?: SensuConfig;
  /** MQTT brokers `.mqtt()` publishes to (Kapacitor's `[[mqtt]]` sections). */
  readonly mqtt?: MqttConfig;
  /** Kapacitor's `[snmptrap]` section: where `.snmpTrap()` sends its traps. */
  readonly snmpTrap?: SnmpTrapConfig;
  readonly pagerDuty?: PagerDutyConfig;
  /** Kafka clusters `.kafka().cluster(name)` writes to (Kapacitor's `[[kafka]]` sections). */
  readonly kafka?: KafkaHandlerConfig;
  /**
   * Set by the app, never by the file: writes `.kafka()` records to kafka.clusters. Without it
   * (vigil serve) a `.kafka()` handler cannot be built.
   */
  readonly kafkaProducer?: AlertRecordProducer;
  readonly discord?: { readonly workspaces?: Readonly<Record<string, DiscordWorkspaceConfig>>; readonly default?: DiscordWorkspaceConfig };
}

export interface KafkaHandlerConfig {
  /** By name (`.cluster('name')`, `default` when the script names none): the brokers, host:port. */
  readonly clusters: Readonly<Record<string, { readonly brokers: readonly string[] }>>;
}

/** Kapacitor's `[[mqtt]]` sections, by broker name. */
export interface MqttConfig {
  readonly brokers: Readonly<Record<string, MqttBrokerConfig>>;
  /** The broker of a `.mqtt()` without `.brokerName()`; unset, the only broker when there is one. */
  readonly defaultBroker?: string;
}

/** One MQTT broker vigil keeps a connection to. */
export interface MqttBrokerConfig {
  /** `mqtt://host:1883`, `mqtts://host:8883` (Kapacitor's `tcp://` and `ssl://` too), `ws://`, `wss://`. */
  readonly url: string;
  /**
   * The client id; unset, `vigil-<broker name>-<random>` per process, so that two notifiers never
   * share one (a broker disconnects a client when another connects with its id).
   */
  readonly clientId?: string;
  readonly username?: string;
  /** Secret: never in a reason, log line or the config view. */
  readonly password?: string;
  /** PEM files for TLS: extra trusted authorities (added to the system's), and a client certificate and key. */
  readonly sslCa?: string;
  readonly sslCert?: string;
  readonly sslKey?: string;
}

/** Kapacitor's `[snmptrap]` section. */
export interface SnmpTrapConfig {
  /** `host:port` of the trap receiver (SNMP's trap port is 162). */
  readonly addr: string;
  /** SNMP v2c community (default `kapacitor`, as Kapacitor); a secret, shown only as set. */
  readonly community?: string;
  /**
   * Accepted for Kapacitor's `retries`, which applies to SNMP requests: a v2c trap has no answer to
   * wait for, so it is sent once and never resent.
   */
  readonly retries?: number;
}

/** Kapacitor's `[sensu]` section: the Sensu 1.x client socket. */
export interface SensuConfig {
  /** `host:port` of the client socket (Sensu's default port is 3030). */
  readonly addr: string;
  /** `source` when the script's template renders empty (default `Kapacitor`). */
  readonly source?: string;
  /** Sensu handlers when the script names none. */
  readonly handlers?: readonly string[];
}

/** Kapacitor's `[servicenow]` section. */
export interface ServiceNowConfig {
  /** The instance's event API, e.g. `https://<instance>.service-now.com/api/global/em/jsonv2`. */
  readonly url?: string;
  /** `source` of every event when the script sets none. */
  readonly source?: string;
  /** Basic auth, sent only when both are set; the password is a secret. */
  readonly username?: string;
  readonly password?: string;
}

/** Kapacitor's `[bigpanda]` section. */
export interface BigPandaConfig {
  /** Secret, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** App key when the script sets none. */
  readonly appKey?: string;
  /** Alerts API URL (default `https://api.bigpanda.io/data/v2/alerts`). */
  readonly url?: string;
}

/** Kapacitor's `[opsgenie]` section (the v1 API). */
export interface OpsGenieConfig {
  /** Secret: sent in the body, as v1 asks. */
  readonly apiKey: string;
  /** Default `https://api.opsgenie.com/v1/json/alert`; a `/` is appended. */
  readonly url?: string;
  /** Where an OK event goes as a note (default `https://api.opsgenie.com/v1/json/alert/note`). */
  readonly recoveryUrl?: string;
  readonly teams?: readonly string[];
  readonly recipients?: readonly string[];
}

/** Kapacitor's `[pagerduty]` section (Events API v1). */
export interface PagerDutyConfig {
  /** Secret; a script's `.serviceKey()` replaces it. */
  readonly serviceKey?: string;
  /** Default `https://events.pagerduty.com/generic/2010-04-15/create_event.json`. */
  readonly url?: string;
  /** `client_url` of every event (Kapacitor sends its own HTTP address); default empty. */
  readonly clientUrl?: string;
}

/** Kapacitor's `[pushover]` section. */
export interface PushoverConfig {
  /** The application's API token (a secret). */
  readonly token: string;
  /** User or group key when the script sets none (a secret). */
  readonly userKey?: string;
  /** Messages API URL (default `https://api.pushover.net/1/messages.json`). */
  readonly url?: string;
}

/** Kapacitor's `[victorops]` section. */
export interface VictorOpsConfig {
  /** Secret: part of the REST endpoint's path. */
  readonly apiKey: string;
  /** Routing key when the script sets none. */
  readonly routingKey?: string;
  /** REST endpoint (default `https://alert.victorops.com/integrations/generic/20131114/alert`). */
  readonly url?: string;
  /** Send the event data as a JSON object instead of a JSON string (Kapacitor's `json-data`). */
  readonly jsonData?: boolean;
}

/** One workspace of Kapacitor's `[[discord]]` sections. */
export interface DiscordWorkspaceConfig {
  /** The webhook URL (a secret: it carries the webhook's token). */
  readonly url: string;
  /** Sender name when the script sets none (Discord's own name for the webhook otherwise). */
  readonly username?: string;
  readonly avatarUrl?: string;
  /** Put the event time in the embed (Kapacitor's `timestamp`). */
  readonly timestamp?: boolean;
}

/** Kapacitor's `[teams]` section. */
export interface TeamsConfig {
  /** The channel's incoming-webhook URL (a secret: it carries the webhook's credentials). */
  readonly channelUrl: string;
}

/** Kapacitor's `[smtp]` section. */
export interface EmailConfig {
  readonly host: string;
  /** Default 25. */
  readonly port?: number;
  readonly username?: string;
  /** Secret: never in a reason or log line. */
  readonly password?: string;
  /** The From address of every email. */
  readonly from: string;
  /** Recipients when the script names none. */
  readonly to?: readonly string[];
  /** Skip TLS certificate verification (Kapacitor's `no-verify`). */
  readonly noVerify?: boolean;
  /** TLS from the first byte; defaults to true on port 465, otherwise STARTTLS is used when offered. */
  readonly secure?: boolean;
}

/** Kapacitor's `[alerta]` section. */
export interface AlertaConfig {
  /** Base URL of the Alerta API; `/alert` is appended. */
  readonly url: string;
  /** Secret, sent as `Authorization: <tokenPrefix> <token>`. */
  readonly token?: string;
  /** `Bearer` (default) or `Key`. */
  readonly tokenPrefix?: string;
  /** Environment when the script sets none. */
  readonly environment?: string;
  /** Origin when the script sets none (Kapacitor leaves it empty for Alerta to fill). */
  readonly origin?: string;
}

export interface OpsGenie2Config {
  /** Sent as `Authorization: GenieKey <apiKey>`. */
  readonly apiKey: string;
  /** Alerts API URL (default `https://api.opsgenie.com/v2/alerts`). */
  readonly url?: string;
  readonly teams?: readonly string[];
  readonly recipients?: readonly string[];
  /** What an OK event does to the alert: `close` (default) or `notes`. */
  readonly recoveryAction?: string;
}

export interface PostConfig {
  readonly endpoints?: Readonly<Record<string, PostEndpointConfig>>;
  /**
   * When set, a URL written in a script (`.post('https://...')`) must have one of these origins
   * (scheme, host and port, e.g. `https://hooks.example.com`). Named endpoints are always allowed:
   * the operator wrote their URLs. Unset, a script may post anywhere, as in Kapacitor.
   */
  readonly allowedOrigins?: readonly string[];
}

export interface ExecConfig {
  /** Every program a script may run; an `.exec()` matching no entry is refused. */
  readonly allow?: readonly ExecPermit[];
}

/**
 * One program `.exec()` may run. `program` is an absolute path compared exactly (no PATH lookup,
 * no normalisation). `args` holds one regular expression per positional argument, each matched
 * against the whole argument; the script must pass exactly that many arguments. Without `args`
 * the program runs with no arguments only. List the program again for another argument count.
 */
export interface ExecPermit {
  readonly program: string;
  readonly args?: readonly string[];
}

/** Absolute folders a script may name, each allowing itself and everything below it. */
export interface DirectoryAllowConfig {
  readonly allow?: readonly string[];
}

export interface TcpConfig {
  /** `host:port` or `host:*` (any port); the host is compared case-insensitively, IPv6 in brackets. */
  readonly allow?: readonly string[];
}

export interface PostEndpointConfig {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /**
   * Kapacitor's `alert-template`: a Go text/template over the alert data that replaces the JSON
   * body (no Content-Type is then added). The app reads `alert-template-file` into this text.
   */
  readonly alertTemplate?: string;
}

export interface SlackWorkspaceConfig {
  readonly url: string;
  readonly token?: string;
  readonly channel?: string;
  readonly username?: string;
  readonly iconEmoji?: string;
}

export interface TelegramConfig {
  readonly token: string;
  /** Base of the Bot API, the token and `/sendMessage` are appended (default `https://api.telegram.org/bot`). */
  readonly url?: string;
  readonly chatId?: string;
  readonly parseMode?: string;
  readonly disableWebPagePreview?: boolean;
  readonly disableNotification?: boolean;
}

export interface PagerDuty2Config {
  readonly routingKey: string;
  /** Events API v2 enqueue URL (default `https://events.pagerduty.com/v2/enqueue`). */
  readonly url?: string;
  /** `payload.source` (default `vigil`). */
  readonly source?: string;
}

export interface AlertmanagerConfig {
  /** Base URL of Alertmanager; `/api/v2/alerts` is appended. */
  readonly url: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

export const DEFAULT_TIMEOUT_MS = 10_000;
