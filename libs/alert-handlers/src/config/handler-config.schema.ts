import { z } from 'zod';
import { wholeArgumentPattern } from '../allowlist/exec-allowlist';
import { isAllowedDirectoryEntry } from '../allowlist/directory-allowlist';
import { parseTcpPermit } from '../allowlist/tcp-allowlist';

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

// Messages never quote the value: URLs, tokens and passwords are secrets.
const url = z.string().refine(isHttpUrl, 'expected an http(s) URL');
const text = z.string();
const required = z.string().min(1, 'must not be empty');
const basicAuth = z.strictObject({ username: text, password: text });

function isPattern(text: string): boolean {
  try {
    wholeArgumentPattern(text);
    return true;
  } catch {
    return false;
  }
}

/** An origin alone: `http(s)://host[:port]`, with nothing after it but an optional `/`. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '' && !text.endsWith('?') && !text.endsWith('#');
  } catch {
    return false;
  }
}

const execPermit = z.strictObject({
  program: z.string().refine((path) => path.startsWith('/'), 'expected an absolute path'),
  args: z.array(z.string().refine(isPattern, 'expected a regular expression')).optional(),
});

const postEndpoint = z.strictObject({ url, headers: z.record(z.string(), text).optional(), basicAuth: basicAuth.optional(), alertTemplate: text.optional() });

const discordWorkspace = z.strictObject({ url, username: text.optional(), avatarUrl: url.optional(), timestamp: z.boolean().optional() });

const directoryAllow = z.strictObject({ allow: z.array(z.string().refine(isAllowedDirectoryEntry, 'expected an absolute directory such as /var/log/vigil')).optional() }).optional();

const MQTT_SCHEMES = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'tls:', 'ws:', 'wss:'];

function isMqttUrl(text: string): boolean {
  try {
    return MQTT_SCHEMES.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const mqttBroker = z.strictObject({
  url: z.string().refine(isMqttUrl, 'expected an MQTT URL: mqtt://, mqtts://, tcp://, ssl://, ws:// or wss://'),
  clientId: required.optional(),
  username: text.optional(),
  password: text.optional(),
  sslCa: required.optional(),
  sslCert: required.optional(),
  sslKey: required.optional(),
});

const slackWorkspace = z.strictObject({ url, token: text.optional(), channel: text.optional(), username: text.optional(), iconEmoji: text.optional() });

/**
 * The handler configuration file, section by section as HandlerConfig names them. Unknown keys are
 * errors, so a misspelt setting fails at boot instead of silently doing nothing. loadHandlerConfig
 * returns the parsed value as a HandlerConfig, which type-checks that the two agree.
 */
export const handlerConfigSchema = z.strictObject({
  timeoutMs: z.int().positive().optional(),
  post: z
    .strictObject({
      endpoints: z.record(z.string(), postEndpoint).optional(),
      allowedOrigins: z.array(z.string().refine(isOrigin, 'expected an origin such as https://hooks.example.com (scheme, host, optional port; no path)')).optional(),
    })
    .optional(),
  exec: z.strictObject({ allow: z.array(execPermit).optional() }).optional(),
  tcp: z.strictObject({ allow: z.array(z.string().refine((entry) => parseTcpPermit(entry) !== undefined, "expected 'host:port' or 'host:*'")).optional() }).optional(),
  sideload: directoryAllow,
  log: directoryAllow,
  slack: z.strictObject({ default: slackWorkspace.optional(), workspaces: z.record(z.string(), slackWorkspace).optional() }).optional(),
  telegram: z
    .strictObject({
      token: required,
      url: url.optional(),
      chatId: text.optional(),
      parseMode: z.enum(['Markdown', 'MarkdownV2', 'HTML']).optional(),
      disableWebPagePreview: z.boolean().optional(),
      disableNotification: z.boolean().optional(),
    })
    .optional(),
  pagerDuty2: z.strictObject({ routingKey: required, url: url.optional(), source: text.optional() }).optional(),
  alertmanager: z.strictObject({ url, basicAuth: basicAuth.optional() }).optional(),
  opsGenie2: z
    .strictObject({
      apiKey: required,
      url: url.optional(),
      teams: z.array(text).optional(),
      recipients: z.array(text).optional(),
      recoveryAction: z.enum(['close', 'notes']).optional(),
    })
    .optional(),
  email: z
    .strictObject({
      host: required,
      port: z.int().min(1).max(65_535).optional(),
      username: text.optional(),
      password: text.optional(),
      from: required,
      to: z.array(required).optional(),
      noVerify: z.boolean().optional(),
      secure: z.boolean().optional(),
    })
    .optional(),
  alerta: z
    .strictObject({ url, token: text.optional(), tokenPrefix: z.enum(['Bearer', 'Key']).optional(), environment: text.optional(), origin: text.optional() })
    .optional(),
  teams: z.strictObject({ channelUrl: url }).optional(),
  sensu: z.strictObject({ addr: required, source: text.optional(), handlers: z.array(text).optional() }).optional(),
  mqtt: z
    .strictObject({
      brokers: z.record(z.string(), mqttBroker).refine((brokers) => Object.keys(brokers).length > 0, 'must name at least one broker'),
      defaultBroker: required.optional(),
    })
    .refine((mqtt) => mqtt.defaultBroker === undefined || mqtt.defaultBroker in mqtt.brokers, { message: 'must name one of mqtt.brokers', path: ['defaultBroker'] })
    .optional(),
  snmpTrap: z.strictObject({ addr: required, community: text.optional(), retries: z.int().min(0).optional() }).optional(),
  serviceNow: z.strictObject({ url: url.optional(), source: text.optional(), username: text.optional(), password: text.optional() }).optional(),
  bigPanda: z.strictObject({ token: required, appKey: text.optional(), url: url.optional() }).optional(),
  opsGenie: z
    .strictObject({ apiKey: required, url: url.optional(), recoveryUrl: url.optional(), teams: z.array(text).optional(), recipients: z.array(text).optional() })
    .optional(),
  pagerDuty: z.strictObject({ serviceKey: text.optional(), url: url.optional(), clientUrl: text.optional() }).optional(),
  kafka: z.strictObject({ clusters: z.record(z.string(), z.strictObject({ brokers: z.array(required).min(1, 'must list at least one broker') })) }).optional(),
  pushover: z.strictObject({ token: required, userKey: text.optional(), url: url.optional() }).optional(),
  victorOps: z.strictObject({ apiKey: required, routingKey: text.optional(), url: url.optional(), jsonData: z.boolean().optional() }).optional(),
  discord: z.strictObject({ default: discordWorkspace.optional(), workspaces: z.record(z.string(), discordWorkspace).optional() }).optional(),
});
