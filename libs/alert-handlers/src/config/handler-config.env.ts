/** The JSON type a value taken from the environment becomes in the config object. */
type EnvKind = 'string' | 'integer' | 'boolean' | 'list';

export interface EnvBinding {
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: EnvKind;
}

const fixed = (name: string, path: string, kind: EnvKind = 'string'): EnvBinding => ({ name, path: path.split('.'), kind });

/** Variables with a fixed name, in the order docs/handlers.md lists them. */
export const FIXED_ENV_BINDINGS: readonly EnvBinding[] = [
  fixed('VIGIL_HANDLERS_TIMEOUT_MS', 'timeoutMs', 'integer'),
  fixed('VIGIL_SLACK_URL', 'slack.default.url'),
  fixed('VIGIL_SLACK_TOKEN', 'slack.default.token'),
  fixed('VIGIL_SLACK_CHANNEL', 'slack.default.channel'),
  fixed('VIGIL_TELEGRAM_TOKEN', 'telegram.token'),
  fixed('VIGIL_TELEGRAM_CHAT_ID', 'telegram.chatId'),
  fixed('VIGIL_TELEGRAM_URL', 'telegram.url'),
  fixed('VIGIL_PAGERDUTY2_ROUTING_KEY', 'pagerDuty2.routingKey'),
  fixed('VIGIL_PAGERDUTY2_URL', 'pagerDuty2.url'),
  fixed('VIGIL_ALERTMANAGER_URL', 'alertmanager.url'),
  fixed('VIGIL_ALERTMANAGER_USERNAME', 'alertmanager.basicAuth.username'),
  fixed('VIGIL_ALERTMANAGER_PASSWORD', 'alertmanager.basicAuth.password'),
  fixed('VIGIL_OPSGENIE2_API_KEY', 'opsGenie2.apiKey'),
  fixed('VIGIL_OPSGENIE2_URL', 'opsGenie2.url'),
  fixed('VIGIL_SMTP_HOST', 'email.host'),
  fixed('VIGIL_SMTP_PORT', 'email.port', 'integer'),
  fixed('VIGIL_SMTP_USERNAME', 'email.username'),
  fixed('VIGIL_SMTP_PASSWORD', 'email.password'),
  fixed('VIGIL_SMTP_FROM', 'email.from'),
  fixed('VIGIL_SMTP_TO', 'email.to', 'list'),
  fixed('VIGIL_SMTP_NO_VERIFY', 'email.noVerify', 'boolean'),
  fixed('VIGIL_SMTP_SECURE', 'email.secure', 'boolean'),
  fixed('VIGIL_ALERTA_URL', 'alerta.url'),
  fixed('VIGIL_ALERTA_TOKEN', 'alerta.token'),
  fixed('VIGIL_ALERTA_TOKEN_PREFIX', 'alerta.tokenPrefix'),
  fixed('VIGIL_ALERTA_ENVIRONMENT', 'alerta.environment'),
  fixed('VIGIL_ALERTA_ORIGIN', 'alerta.origin'),
  fixed('VIGIL_TEAMS_CHANNEL_URL', 'teams.channelUrl'),
  fixed('VIGIL_DISCORD_URL', 'discord.default.url'),
  fixed('VIGIL_VICTOROPS_API_KEY', 'victorOps.apiKey'),
  fixed('VIGIL_VICTOROPS_ROUTING_KEY', 'victorOps.routingKey'),
  fixed('VIGIL_VICTOROPS_URL', 'victorOps.url'),
  fixed('VIGIL_PUSHOVER_TOKEN', 'pushover.token'),
  fixed('VIGIL_PUSHOVER_USER_KEY', 'pushover.userKey'),
  fixed('VIGIL_PUSHOVER_URL', 'pushover.url'),
  fixed('VIGIL_OPSGENIE_API_KEY', 'opsGenie.apiKey'),
  fixed('VIGIL_PAGERDUTY_SERVICE_KEY', 'pagerDuty.serviceKey'),
  fixed('VIGIL_BIGPANDA_TOKEN', 'bigPanda.token'),
  fixed('VIGIL_BIGPANDA_APP_KEY', 'bigPanda.appKey'),
  fixed('VIGIL_SERVICENOW_URL', 'serviceNow.url'),
  fixed('VIGIL_SERVICENOW_USERNAME', 'serviceNow.username'),
  fixed('VIGIL_SERVICENOW_PASSWORD', 'serviceNow.password'),
  fixed('VIGIL_SENSU_ADDR', 'sensu.addr'),
  fixed('VIGIL_MQTT_DEFAULT_BROKER', 'mqtt.defaultBroker'),
  fixed('VIGIL_SNMPTRAP_ADDR', 'snmpTrap.addr'),
  fixed('VIGIL_SNMPTRAP_COMMUNITY', 'snmpTrap.community'),
  fixed('VIGIL_POST_ALLOWED_ORIGINS', 'post.allowedOrigins', 'list'),
  fixed('VIGIL_TCP_ALLOW', 'tcp.allow', 'list'),
  fixed('VIGIL_SIDELOAD_ALLOW', 'sideload.allow', 'list'),
  fixed('VIGIL_LOG_ALLOW', 'log.allow', 'list'),
];

/** Variables that name an entry of a map: a post endpoint or a Slack workspace. */
const NAMED_FAMILIES: readonly { prefix: string; map: readonly string[]; fields: Readonly<Record<string, readonly string[]>> }[] = [
  { prefix: 'VIGIL_POST_ENDPOINT_', map: ['post', 'endpoints'], fields: { URL: ['url'], USERNAME: ['basicAuth', 'username'], PASSWORD: ['basicAuth', 'password'] } },
  { prefix: 'VIGIL_MQTT_BROKER_', map: ['mqtt', 'brokers'], fields: { URL: ['url'], USERNAME: ['username'], PASSWORD: ['password'] } },
  { prefix: 'VIGIL_DISCORD_WORKSPACE_', map: ['discord', 'workspaces'], fields: { URL: ['url'] } },
  { prefix: 'VIGIL_SLACK_WORKSPACE_', map: ['slack', 'workspaces'], fields: { URL: ['url'], TOKEN: ['token'], CHANNEL: ['channel'] } },
];

/**
 * Prefixes this library owns: a variable under one that matches no binding is a typo. exec.allow
 * has no variable (argument patterns do not fit one), so VIGIL_EXEC_* is refused rather than
 * silently ignored. VIGIL_LOG_ALLOW is owned by its whole name: VIGIL_LOG_* is too generic a prefix to claim.
 */
const OWNED_PREFIXES = ['VIGIL_HANDLERS_', 'VIGIL_SLACK_', 'VIGIL_TELEGRAM_', 'VIGIL_PAGERDUTY2_', 'VIGIL_ALERTMANAGER_', 'VIGIL_OPSGENIE2_', 'VIGIL_SMTP_', 'VIGIL_ALERTA_', 'VIGIL_TEAMS_', 'VIGIL_DISCORD_', 'VIGIL_VICTOROPS_', 'VIGIL_PUSHOVER_', 'VIGIL_BIGPANDA_', 'VIGIL_SERVICENOW_', 'VIGIL_SENSU_', 'VIGIL_MQTT_', 'VIGIL_SNMPTRAP_', 'VIGIL_OPSGENIE_API_', 'VIGIL_PAGERDUTY_SERVICE_', 'VIGIL_POST_', 'VIGIL_TCP_', 'VIGIL_EXEC_', 'VIGIL_SIDELOAD_', 'VIGIL_LOG_ALLOW'];

/** How a map key is written inside a variable name: upper case, anything but A-Z and 0-9 as `_`. */
export function envNameOf(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The binding of one named-family variable, e.g. VIGIL_POST_ENDPOINT_ALERT_BROKER_URL: the entry is
 * the existing key whose env spelling is ALERT_BROKER (so `alert-broker` in the file), or a new
 * entry `alert_broker` when the file has none.
 */
function namedBinding(name: string, existingKeys: (map: readonly string[]) => readonly string[]): EnvBinding | undefined {
  for (const family of NAMED_FAMILIES) {
    if (!name.startsWith(family.prefix)) continue;
    const rest = name.slice(family.prefix.length);
    for (const [suffix, field] of Object.entries(family.fields)) {
      if (!rest.endsWith(`_${suffix}`) || rest.length === suffix.length + 1) continue;
      const entry = rest.slice(0, -suffix.length - 1);
      const key = existingKeys(family.map).find((k) => envNameOf(k) === entry) ?? entry.toLowerCase();
      return { name, path: [...family.map, key, ...field], kind: 'string' };
    }
  }
  return undefined;
}

export interface EnvOverlay {
  readonly bindings: readonly EnvBinding[];
  /** Variables under an owned prefix that match no binding. */
  readonly unknown: readonly string[];
}

/** Which variables apply; an empty value counts as unset, as compose files often write them. */
export function envOverlay(env: Readonly<Record<string, string | undefined>>, existingKeys: (map: readonly string[]) => readonly string[]): EnvOverlay {
  const bindings: EnvBinding[] = [];
  const unknown: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined || value === '' || !OWNED_PREFIXES.some((p) => name.startsWith(p))) continue;
    const binding = FIXED_ENV_BINDINGS.find((b) => b.name === name) ?? namedBinding(name, existingKeys);
    if (binding) bindings.push(binding);
    else unknown.push(name);
  }
  return { bindings, unknown };
}

/**
 * The JSON value of a variable. A value that does not convert stays a string, so the schema
 * reports it against the variable instead of this function guessing.
 */
export function envValue(raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'integer':
      return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      return raw;
    }
    case 'list':
      return raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
  }
}
