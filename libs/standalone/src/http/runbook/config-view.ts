import type { HandlerConfig } from '@vigil/alert-handlers';

/** What `vigil serve` was started with, besides the handler configuration. */
export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly https: boolean;
  readonly authentication: boolean;
}

/** Kapacitor's `client.ConfigElement`: options, and the names of those redacted (shown as whether they are set). */
export interface ConfigElement {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly options: Readonly<Record<string, unknown>>;
  readonly redacted: readonly string[];
}

export interface ConfigSection {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly elements: readonly ConfigElement[];
}

export interface ConfigSections {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly sections: Readonly<Record<string, ConfigSection>>;
}

const BASE = '/kapacitor/v1/config';

/** An element's options: `secret` ones become whether they are set, as Kapacitor's redact walker shows them. */
type Options = Readonly<Record<string, { readonly secret?: unknown } | unknown>>;

/**
 * The effective configuration in the shape of Kapacitor's `GET /kapacitor/v1/config`
 * (`services/config`): a section per configured handler under Kapacitor's section name where one
 * exists (httppost, slack, telegram, pagerduty2, opsgenie2, smtp, alerta; alertmanager, exec and
 * tcp are vigil's), plus http and storage. Every secret (tokens, passwords, keys, webhook URLs,
 * header values) is replaced by whether it is set and listed in `redacted`; a URL's user info is
 * dropped, and so is its query. Only configured handlers appear.
 */
export function configSections(settings: ServeSettings, handlers: HandlerConfig): ConfigSections {
  const sections: Record<string, ConfigSection> = {};
  const add = (name: string, elements: readonly { key?: string; options: Options }[]): void => {
    sections[name] = { link: link(name), elements: elements.map(({ key, options }) => element(name, key, options)) };
  };
  add('http', [{ options: { 'bind-address': `${settings.host}:${settings.port}`, 'auth-enabled': settings.authentication, 'https-enabled': settings.https } }]);
  add('storage', [{ options: { 'data-dir': settings.dataDir } }]);
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
  return { link: { rel: 'self', href: BASE }, sections };
}

function link(...parts: string[]): { rel: 'self'; href: string } {
  return { rel: 'self', href: [BASE, ...parts].join('/') };
}

function element(section: string, key: string | undefined, options: Options): ConfigElement {
  const shown: Record<string, unknown> = {};
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === 'object' && value !== null && 'secret' in value) {
      shown[name] = Boolean((value as { secret?: unknown }).secret);
      redacted.push(name);
    } else {
      shown[name] = value;
    }
  }
  return { link: key === undefined ? link(section, '') : link(section, key), options: shown, redacted };
}

/**
 * A URL without its user info and query, either of which may hold a credential (`?token=`);
 * text that is not a URL (an empty default) is shown as it is.
 */
function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url === '' ? '' : '[redacted]';
  }
  const query = parsed.search === '' ? '' : '?[redacted]';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}
