import type { HandlerConfig } from '@vigil/alert-handlers';
import type { InfluxDBClusterView } from '@vigil/evaluation';
import { configSectionsOf, safeUrl, type ConfigEntry, type ConfigSections } from '@vigil/kapacitor-api';

/** What `vigil serve` was started with, besides the handler configuration. */
export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly https: boolean;
  readonly authentication: boolean;
  /** The InfluxDBs batch tasks query (`--influxdb`, `--influxdb-clusters`), without passwords. */
  readonly influxdb?: readonly InfluxDBClusterView[];
}

/**
 * The effective configuration in the shape of Kapacitor's `GET /kapacitor/v1/config`
 * (`services/config`): a section per configured handler under Kapacitor's section name where one
 * exists (httppost, slack, telegram, smtp, pagerduty2, teams, discord, kafka, mqtt, snmptrap, ...; alertmanager, exec
 * tcp, sideload and log are vigil's), plus http, storage and influxdb (the InfluxDBs batch tasks query, one element
 * per name, as Kapacitor's `[[influxdb]]` sections). Every secret (tokens, passwords, keys, webhook URLs,
 * header values) is replaced by whether it is set and listed in `redacted`; a URL's user info is
 * dropped, and so is its query. Only configured handlers appear.
 */
export function configSections(settings: ServeSettings, handlers: HandlerConfig): ConfigSections {
  const sections: Record<string, readonly ConfigEntry[]> = {};
  const add = (name: string, elements: readonly ConfigEntry[]): void => {
    sections[name] = elements;
  };
  add('http', [{ options: { 'bind-address': `${settings.host}:${settings.port}`, 'auth-enabled': settings.authentication, 'https-enabled': settings.https } }]);
  add('storage', [{ options: { 'data-dir': settings.dataDir } }]);
  const influxdb = settings.influxdb ?? [];
  if (influxdb.length > 0) {
    add(
      'influxdb',
      influxdb.map((cluster) => ({ key: cluster.name, options: { name: cluster.name, enabled: true, default: cluster.default, urls: [cluster.url], username: cluster.username, password: { secret: cluster.passwordSet } } })),
    );
  }
  for (const key of Object.keys(HANDLER_SECTIONS) as SectionKey[]) {
    const config = handlers[key];
    if (config === undefined) continue;
    const [name, elements] = (HANDLER_SECTIONS[key] as (config: unknown) => HandlerSection)(config);
    add(name, elements);
  }
  return configSectionsOf(sections);
}

type SectionKey = Exclude<keyof HandlerConfig, 'timeoutMs' | 'kafkaProducer'>;
type HandlerSection = readonly [name: string, elements: readonly ConfigEntry[]];

/**
 * Each handler's section, in the order shown. Every configuration field of HandlerConfig must have
 * one (`-?`), so a handler added to the configuration does not typecheck until its section says
 * which of its fields are secrets.
 */
const HANDLER_SECTIONS: { readonly [K in SectionKey]-?: (config: NonNullable<HandlerConfig[K]>) => HandlerSection } = {
  post: (post) => {
    const endpoints = Object.entries(post.endpoints ?? {}).map(([name, endpoint]) => ({
      key: name,
      options: { endpoint: name, url: safeUrl(endpoint.url), headers: { secret: endpoint.headers && Object.keys(endpoint.headers).length > 0 }, 'basic-auth': { secret: endpoint.basicAuth }, 'alert-template': endpoint.alertTemplate !== undefined },
    }));
    return ['httppost', [...endpoints, ...(post.allowedOrigins ? [{ key: 'allowed-origins', options: { 'allowed-origins': post.allowedOrigins } }] : [])]];
  },
  slack: (slack) => {
    const workspaces = [...(slack.default ? [['', slack.default] as const] : []), ...Object.entries(slack.workspaces ?? {})];
    return ['slack', workspaces.map(([name, workspace]) => ({ key: name, options: { workspace: name, url: { secret: workspace.url }, token: { secret: workspace.token }, channel: workspace.channel ?? '', username: workspace.username ?? '', 'icon-emoji': workspace.iconEmoji ?? '' } }))];
  },
  telegram: (telegram) => ['telegram', [{ options: { url: safeUrl(telegram.url ?? ''), token: { secret: telegram.token }, 'chat-id': telegram.chatId ?? '', 'parse-mode': telegram.parseMode ?? '', 'disable-web-page-preview': telegram.disableWebPagePreview ?? false, 'disable-notification': telegram.disableNotification ?? false } }]],
  pagerDuty2: (pagerDuty2) => ['pagerduty2', [{ options: { url: safeUrl(pagerDuty2.url ?? ''), 'routing-key': { secret: pagerDuty2.routingKey }, source: pagerDuty2.source ?? '' } }]],
  opsGenie2: (opsGenie2) => ['opsgenie2', [{ options: { url: safeUrl(opsGenie2.url ?? ''), 'api-key': { secret: opsGenie2.apiKey }, teams: opsGenie2.teams ?? [], recipients: opsGenie2.recipients ?? [], 'recovery-action': opsGenie2.recoveryAction ?? '' } }]],
  email: (email) => ['smtp', [{ options: { host: email.host, port: email.port ?? 25, username: email.username ?? '', password: { secret: email.password }, from: email.from, to: email.to ?? [], 'no-verify': email.noVerify ?? false, secure: email.secure ?? false } }]],
  alerta: (alerta) => ['alerta', [{ options: { url: safeUrl(alerta.url), token: { secret: alerta.token }, 'token-prefix': alerta.tokenPrefix ?? '', environment: alerta.environment ?? '', origin: alerta.origin ?? '' } }]],
  alertmanager: (alertmanager) => ['alertmanager', [{ options: { url: safeUrl(alertmanager.url), 'basic-auth': { secret: alertmanager.basicAuth } } }]],
  exec: (exec) => ['exec', [{ options: { allow: exec.allow ?? [] } }]],
  tcp: (tcp) => ['tcp', [{ options: { allow: tcp.allow ?? [] } }]],
  sideload: (sideload) => ['sideload', [{ options: { allow: sideload.allow ?? [] } }]],
  log: (log) => ['log', [{ options: { allow: log.allow ?? [] } }]],
  teams: (teams) => ['teams', [{ options: { 'channel-url': { secret: teams.channelUrl } } }]],
  discord: (discord) => {
    const workspaces = [...(discord.default ? [['', discord.default] as const] : []), ...Object.entries(discord.workspaces ?? {})];
    return ['discord', workspaces.map(([name, workspace]) => ({ key: name, options: { workspace: name, url: { secret: workspace.url }, username: workspace.username ?? '', 'avatar-url': safeUrl(workspace.avatarUrl ?? ''), timestamp: workspace.timestamp ?? false } }))];
  },
  victorOps: (victorOps) => ['victorops', [{ options: { url: safeUrl(victorOps.url ?? ''), 'api-key': { secret: victorOps.apiKey }, 'routing-key': victorOps.routingKey ?? '', 'json-data': victorOps.jsonData ?? false } }]],
  pushover: (pushover) => ['pushover', [{ options: { url: safeUrl(pushover.url ?? ''), token: { secret: pushover.token }, 'user-key': { secret: pushover.userKey } } }]],
  kafka: (kafka) => ['kafka', Object.entries(kafka.clusters).map(([name, cluster]) => ({ key: name, options: { id: name, brokers: cluster.brokers } }))],
  opsGenie: (opsGenie) => ['opsgenie', [{ options: { url: safeUrl(opsGenie.url ?? ''), 'recovery_url': safeUrl(opsGenie.recoveryUrl ?? ''), 'api-key': { secret: opsGenie.apiKey }, teams: opsGenie.teams ?? [], recipients: opsGenie.recipients ?? [] } }]],
  pagerDuty: (pagerDuty) => ['pagerduty', [{ options: { url: safeUrl(pagerDuty.url ?? ''), 'service-key': { secret: pagerDuty.serviceKey }, 'client-url': safeUrl(pagerDuty.clientUrl ?? '') } }]],
  bigPanda: (bigPanda) => ['bigpanda', [{ options: { url: safeUrl(bigPanda.url ?? ''), token: { secret: bigPanda.token }, 'app-key': bigPanda.appKey ?? '' } }]],
  serviceNow: (serviceNow) => ['servicenow', [{ options: { url: safeUrl(serviceNow.url ?? ''), source: serviceNow.source ?? '', username: serviceNow.username ?? '', password: { secret: serviceNow.password } } }]],
  sensu: (sensu) => ['sensu', [{ options: { addr: sensu.addr, source: sensu.source ?? '', handlers: sensu.handlers ?? [] } }]],
  mqtt: (mqtt) => {
    const names = Object.keys(mqtt.brokers);
    const defaultBroker = mqtt.defaultBroker ?? (names.length === 1 ? names[0] : undefined);
    return [
      'mqtt',
      Object.entries(mqtt.brokers).map(([name, broker]) => ({
        key: name,
        options: { name, default: name === defaultBroker, url: safeUrl(broker.url), 'client-id': broker.clientId ?? '', username: broker.username ?? '', password: { secret: broker.password }, 'ssl-ca': broker.sslCa ?? '', 'ssl-cert': broker.sslCert ?? '', 'ssl-key': broker.sslKey ?? '' },
      })),
    ];
  },
  snmpTrap: (snmpTrap) => ['snmptrap', [{ options: { addr: snmpTrap.addr, community: { secret: snmpTrap.community }, retries: snmpTrap.retries ?? 1 } }]],
};
