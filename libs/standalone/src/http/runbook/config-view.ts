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
 * exists (httppost, slack, telegram, pagerduty2, opsgenie2, smtp, alerta; alertmanager, exec and
 * tcp are vigil's), plus http, storage and influxdb (the InfluxDBs batch tasks query, one element
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
  const post = handlers.post;
  if (post) {
    const endpoints = Object.entries(post.endpoints ?? {}).map(([name, endpoint]) => ({
      key: name,
      options: { endpoint: name, url: safeUrl(endpoint.url), headers: { secret: endpoint.headers && Object.keys(endpoint.headers).length > 0 }, 'basic-auth': { secret: endpoint.basicAuth }, 'alert-template': endpoint.alertTemplate !== undefined },
    }));
    add('httppost', [...endpoints, ...(post.allowedOrigins ? [{ key: 'allowed-origins', options: { 'allowed-origins': post.allowedOrigins } }] : [])]);
  }
  const slack = handlers.slack;
  if (slack) {
    const workspaces = [...(slack.default ? [['', slack.default] as const] : []), ...Object.entries(slack.workspaces ?? {})];
    add('slack', workspaces.map(([name, workspace]) => ({ key: name, options: { workspace: name, url: { secret: workspace.url }, token: { secret: workspace.token }, channel: workspace.channel ?? '', username: workspace.username ?? '', 'icon-emoji': workspace.iconEmoji ?? '' } })));
  }
  const { telegram, pagerDuty2, opsGenie2, email, alerta, alertmanager } = handlers;
  if (telegram) add('telegram', [{ options: { url: safeUrl(telegram.url ?? ''), token: { secret: telegram.token }, 'chat-id': telegram.chatId ?? '', 'parse-mode': telegram.parseMode ?? '', 'disable-web-page-preview': telegram.disableWebPagePreview ?? false, 'disable-notification': telegram.disableNotification ?? false } }]);
  if (pagerDuty2) add('pagerduty2', [{ options: { url: safeUrl(pagerDuty2.url ?? ''), 'routing-key': { secret: pagerDuty2.routingKey }, source: pagerDuty2.source ?? '' } }]);
  if (opsGenie2) add('opsgenie2', [{ options: { url: safeUrl(opsGenie2.url ?? ''), 'api-key': { secret: opsGenie2.apiKey }, teams: opsGenie2.teams ?? [], recipients: opsGenie2.recipients ?? [], 'recovery-action': opsGenie2.recoveryAction ?? '' } }]);
  if (email) add('smtp', [{ options: { host: email.host, port: email.port ?? 25, username: email.username ?? '', password: { secret: email.password }, from: email.from, to: email.to ?? [], 'no-verify': email.noVerify ?? false, secure: email.secure ?? false } }]);
  if (alerta) add('alerta', [{ options: { url: safeUrl(alerta.url), token: { secret: alerta.token }, 'token-prefix': alerta.tokenPrefix ?? '', environment: alerta.environment ?? '', origin: alerta.origin ?? '' } }]);
  if (alertmanager) add('alertmanager', [{ options: { url: safeUrl(alertmanager.url), 'basic-auth': { secret: alertmanager.basicAuth } } }]);
  if (handlers.exec) add('exec', [{ options: { allow: handlers.exec.allow ?? [] } }]);
  if (handlers.tcp) add('tcp', [{ options: { allow: handlers.tcp.allow ?? [] } }]);
  return configSectionsOf(sections);
}
