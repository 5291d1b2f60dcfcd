import type { HandlerInstruction } from '@vigil/core';
import type { HandlerConfig } from '../handler-config';

type Options = Readonly<Record<string, unknown>>;

/**
 * A handler's entry in Kapacitor's `service-tests`: the service name (`server.go`,
 * `SetDynamicService`), its default options under the configuration, with the option names of the
 * service's `testOptions` where vigil's handler takes them, and the handler call they make, as a
 * script would write it. `message` and `level` go to the test event, not to the call.
 */
export interface ServiceTestDeclaration {
  readonly name: string;
  readonly defaults: (config: HandlerConfig) => Options;
  readonly instruction: (options: Options) => Omit<HandlerInstruction, 'kind'>;
}

export const text = (options: Options, name: string): string | undefined => (typeof options[name] === 'string' && options[name] !== '' ? (options[name] as string) : undefined);
const texts = (options: Options, name: string): string[] => (Array.isArray(options[name]) ? (options[name] as unknown[]).map(String) : []);
const property = (name: string, value: string | boolean | undefined): HandlerInstruction['options'] => (value === undefined || value === false ? [] : [{ name, args: [value] }]);
const strings = (name: string, values: readonly string[]): HandlerInstruction['options'] => (values.length === 0 ? [] : [{ name, args: [...values] }]);
const noOptions = (): Omit<HandlerInstruction, 'kind'> => ({ args: [], options: [] });

export const alertaServiceTest: ServiceTestDeclaration = {
  name: 'alerta',
  defaults: () => ({ resource: 'testResource', event: 'testEvent', environment: '', severity: 'critical', group: 'testGroup', value: 'testValue', message: 'test alerta message', origin: '' }),
  instruction: (options) => ({ args: [], options: [...property('resource', text(options, 'resource')), ...property('event', text(options, 'event')), ...property('environment', text(options, 'environment')), ...property('group', text(options, 'group')), ...property('value', text(options, 'value')), ...property('origin', text(options, 'origin'))] }),
};

export const alertmanagerServiceTest: ServiceTestDeclaration = { name: 'alertmanager', defaults: () => ({ message: 'test alertmanager message', level: 'CRITICAL' }), instruction: noOptions };

export const postServiceTest: ServiceTestDeclaration = {
  name: 'httppost',
  defaults: () => ({ endpoint: '', url: '', headers: {} }),
  instruction: (options) => {
    const headers = typeof options['headers'] === 'object' && options['headers'] !== null ? Object.entries(options['headers'] as Record<string, unknown>) : [];
    const url = text(options, 'url');
    return {
      args: url === undefined ? [] : [url],
      options: [...(url === undefined ? property('endpoint', text(options, 'endpoint')) : []), ...headers.map(([name, value]) => ({ name: 'header', args: [name, String(value)] }))],
    };
  },
};

export const opsGenie2ServiceTest: ServiceTestDeclaration = {
  name: 'opsgenie2',
  defaults: (config) => ({ teams: config.opsGenie2?.teams ?? [], recipients: config.opsGenie2?.recipients ?? [], message: 'test opsgenie message', level: 'CRITICAL' }),
  instruction: noOptions,
};

export const pagerDuty2ServiceTest: ServiceTestDeclaration = { name: 'pagerduty2', defaults: () => ({ 'alert_id': 'testAlertID', level: 'CRITICAL', message: 'test pagerduty2 message' }), instruction: noOptions };

export const slackServiceTest: ServiceTestDeclaration = {
  name: 'slack',
  defaults: (config) => ({ workspace: '', channel: config.slack?.default?.channel ?? '', message: 'test slack message', level: 'CRITICAL', username: '', 'icon-emoji': '' }),
  instruction: (options) => ({ args: [], options: [...property('workspace', text(options, 'workspace')), ...property('channel', text(options, 'channel')), ...property('username', text(options, 'username')), ...property('iconEmoji', text(options, 'icon-emoji'))] }),
};

export const emailServiceTest: ServiceTestDeclaration = {
  name: 'smtp',
  defaults: (config) => ({ to: config.email?.to ?? [], subject: 'test subject', body: 'test body' }),
  instruction: (options) => ({ args: texts(options, 'to'), options: [] }),
};

export const telegramServiceTest: ServiceTestDeclaration = {
  name: 'telegram',
  defaults: (config) => ({ 'chat-id': config.telegram?.chatId ?? '', 'parse-mode': config.telegram?.parseMode ?? '', message: 'test telegram message', 'disable-web-page-preview': config.telegram?.disableWebPagePreview ?? false, 'disable-notification': config.telegram?.disableNotification ?? false }),
  instruction: (options) => ({
    args: [],
    options: [...property('chatId', text(options, 'chat-id')), ...property('parseMode', text(options, 'parse-mode')), ...property('disableWebPagePreview', options['disable-web-page-preview'] === true), ...property('disableNotification', options['disable-notification'] === true)],
  }),
};

export const teamsServiceTest: ServiceTestDeclaration = {
  name: 'teams',
  defaults: () => ({ 'channel_url': '', message: 'test teams message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: property('channelURL', text(options, 'channel_url')) }),
};

export const discordServiceTest: ServiceTestDeclaration = {
  name: 'discord',
  defaults: (config) => ({ workspace: '', message: 'test discord message', level: 'CRITICAL', username: config.discord?.default?.username ?? '', 'avatar-url': config.discord?.default?.avatarUrl ?? '', 'embed-title': 'test embed title' }),
  instruction: (options) => ({ args: [], options: [...property('workspace', text(options, 'workspace')), ...property('username', text(options, 'username')), ...property('avatarURL', text(options, 'avatar-url')), ...property('embedTitle', text(options, 'embed-title'))] }),
};

export const victorOpsServiceTest: ServiceTestDeclaration = {
  name: 'victorops',
  defaults: (config) => ({ routingKey: config.victorOps?.routingKey ?? '', message: 'test victorops message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: property('routingKey', text(options, 'routingKey')) }),
};

export const pushoverServiceTest: ServiceTestDeclaration = {
  name: 'pushover',
  defaults: () => ({ 'user-key': '', message: 'test pushover message', device: '', title: '', url: '', 'url-title': '', sound: '', level: 'CRITICAL' }),
  instruction: (options) => ({
    args: [],
    options: [...property('userKey', text(options, 'user-key')), ...property('device', text(options, 'device')), ...property('title', text(options, 'title')), ...property('uRL', text(options, 'url')), ...property('uRLTitle', text(options, 'url-title')), ...property('sound', text(options, 'sound'))],
  }),
};

export const kafkaServiceTest: ServiceTestDeclaration = {
  name: 'kafka',
  defaults: () => ({ cluster: 'default', topic: 'test', message: 'test kafka message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: [...property('cluster', text(options, 'cluster')), ...property('kafkaTopic', text(options, 'topic'))] }),
};

export const opsGenieServiceTest: ServiceTestDeclaration = {
  name: 'opsgenie',
  defaults: (config) => ({ teams: config.opsGenie?.teams ?? [], recipients: config.opsGenie?.recipients ?? [], message: 'test opsgenie message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: [...strings('teams', texts(options, 'teams')), ...strings('recipients', texts(options, 'recipients'))] }),
};

export const pagerDutyServiceTest: ServiceTestDeclaration = { name: 'pagerduty', defaults: () => ({ message: 'test pagerduty message', level: 'CRITICAL' }), instruction: noOptions };

export const bigPandaServiceTest: ServiceTestDeclaration = {
  name: 'bigpanda',
  defaults: (config) => ({ 'app_key': config.bigPanda?.appKey ?? '', message: 'test bigpanda message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: property('appKey', text(options, 'app_key')) }),
};

export const serviceNowServiceTest: ServiceTestDeclaration = {
  name: 'servicenow',
  defaults: (config) => ({ source: config.serviceNow?.source ?? '', message: 'test servicenow message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: property('source', text(options, 'source')) }),
};

export const sensuServiceTest: ServiceTestDeclaration = {
  name: 'sensu',
  defaults: (config) => ({ source: config.sensu?.source ?? 'Kapacitor', handlers: config.sensu?.handlers ?? [], message: 'test sensu message', level: 'CRITICAL' }),
  instruction: (options) => ({ args: [], options: [...property('source', text(options, 'source')), ...strings('handlers', texts(options, 'handlers'))] }),
};

/** Kapacitor's QoS names in its test options (QoSLevel.UnmarshalText, which spells the last one `exactly-one`). */
const QOS_NAMES: Readonly<Record<string, number>> = { 'at-most-once': 0, 'at-least-once': 1, 'exactly-one': 2, 'exactly-once': 2 };

export const mqttServiceTest: ServiceTestDeclaration = {
  name: 'mqtt',
  defaults: (config) => ({ 'broker-name': config.mqtt?.defaultBroker ?? '', topic: '', message: 'test MQTT message', qos: 'at-most-once', retained: false }),
  instruction: (options) => {
    const qos = typeof options['qos'] === 'number' ? options['qos'] : QOS_NAMES[String(options['qos'])];
    return {
      args: [text(options, 'topic') ?? ''],
      options: [...property('brokerName', text(options, 'broker-name')), ...(qos === undefined || qos === 0 ? [] : [{ name: 'qos', args: [qos] }]), ...(options['retained'] === true ? [{ name: 'retained', args: [true] }] : [])],
    };
  },
};

export const snmpTrapServiceTest: ServiceTestDeclaration = {
  name: 'snmptrap',
  defaults: () => ({ 'trap-oid': '1.1.1.1', 'data-list': [{ oid: '1.1.1.1.2', type: 's', value: 'test snmptrap message' }] }),
  instruction: (options) => {
    const list = Array.isArray(options['data-list']) ? (options['data-list'] as unknown[]) : [];
    const data = list.map((entry) => {
      const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      return { name: 'data', args: [String(fields['oid'] ?? ''), String(fields['type'] ?? ''), String(fields['value'] ?? '')] };
    });
    return { args: [text(options, 'trap-oid') ?? ''], options: data };
  },
};
