import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { LEVELS } from '@vigil/core';
import type { HandlerConfig } from '../handler-config';
import { buildHandler } from '../handler-registry';

/** One test Kapacitor's `service-tests` lists: the service name, the handler kind, and its default options. */
interface ServiceTestSpec {
  readonly name: string;
  readonly kind: string;
  readonly defaults: (config: HandlerConfig) => Readonly<Record<string, unknown>>;
  /** The handler call the options make, as a script would write it. */
  readonly instruction: (options: Readonly<Record<string, unknown>>) => HandlerInstruction;
}

type Options = Readonly<Record<string, unknown>>;
const text = (options: Options, name: string): string | undefined => (typeof options[name] === 'string' && options[name] !== '' ? (options[name] as string) : undefined);
const property = (name: string, value: string | boolean | undefined): HandlerInstruction['options'] => (value === undefined || value === false ? [] : [{ name, args: [value] }]);

/**
 * The services vigil can test (`vigil serve` and the notifier), under Kapacitor's service names (`server.go`,
 * `SetDynamicService`) and with the option names of each service's `testOptions` where vigil's
 * handler takes them; each sends one notification through vigil's own handler with the handler
 * configuration, so allow-lists and secrets apply exactly as to a task's alert.
 */
export const SERVICE_TESTS: readonly ServiceTestSpec[] = [
  {
    name: 'alerta',
    kind: 'alerta',
    defaults: () => ({ resource: 'testResource', event: 'testEvent', environment: '', severity: 'critical', group: 'testGroup', value: 'testValue', message: 'test alerta message', origin: '' }),
    instruction: (options) => ({ kind: 'alerta', args: [], options: [...property('resource', text(options, 'resource')), ...property('event', text(options, 'event')), ...property('environment', text(options, 'environment')), ...property('group', text(options, 'group')), ...property('value', text(options, 'value')), ...property('origin', text(options, 'origin'))] }),
  },
  {
    name: 'alertmanager',
    kind: 'alertmanager',
    defaults: () => ({ message: 'test alertmanager message', level: 'CRITICAL' }),
    instruction: () => ({ kind: 'alertmanager', args: [], options: [] }),
  },
  {
    name: 'httppost',
    kind: 'post',
    defaults: () => ({ endpoint: '', url: '', headers: {} }),
    instruction: (options) => {
      const headers = typeof options['headers'] === 'object' && options['headers'] !== null ? Object.entries(options['headers'] as Record<string, unknown>) : [];
      const url = text(options, 'url');
      return {
        kind: 'post',
        args: url === undefined ? [] : [url],
        options: [...(url === undefined ? property('endpoint', text(options, 'endpoint')) : []), ...headers.map(([name, value]) => ({ name: 'header', args: [name, String(value)] }))],
      };
    },
  },
  {
    name: 'opsgenie2',
    kind: 'opsGenie2',
    defaults: (config) => ({ teams: config.opsGenie2?.teams ?? [], recipients: config.opsGenie2?.recipients ?? [], message: 'test opsgenie message', level: 'CRITICAL' }),
    instruction: () => ({ kind: 'opsGenie2', args: [], options: [] }),
  },
  {
    name: 'pagerduty2',
    kind: 'pagerDuty2',
    defaults: () => ({ 'alert_id': 'testAlertID', level: 'CRITICAL', message: 'test pagerduty2 message' }),
    instruction: () => ({ kind: 'pagerDuty2', args: [], options: [] }),
  },
  {
    name: 'slack',
    kind: 'slack',
    defaults: (config) => ({ workspace: '', channel: config.slack?.default?.channel ?? '', message: 'test slack message', level: 'CRITICAL', username: '', 'icon-emoji': '' }),
    instruction: (options) => ({
      kind: 'slack',
      args: [],
      options: [...property('workspace', text(options, 'workspace')), ...property('channel', text(options, 'channel')), ...property('username', text(options, 'username')), ...property('iconEmoji', text(options, 'icon-emoji'))],
    }),
  },
  {
    name: 'smtp',
    kind: 'email',
    defaults: (config) => ({ to: config.email?.to ?? [], subject: 'test subject', body: 'test body' }),
    instruction: (options) => ({ kind: 'email', args: Array.isArray(options['to']) ? options['to'].map(String) : [], options: [] }),
  },
  {
    name: 'telegram',
    kind: 'telegram',
    defaults: (config) => ({ 'chat-id': config.telegram?.chatId ?? '', 'parse-mode': config.telegram?.parseMode ?? '', message: 'test telegram message', 'disable-web-page-preview': config.telegram?.disableWebPagePreview ?? false, 'disable-notification': config.telegram?.disableNotification ?? false }),
    instruction: (options) => ({
      kind: 'telegram',
      args: [],
      options: [...property('chatId', text(options, 'chat-id')), ...property('parseMode', text(options, 'parse-mode')), ...property('disableWebPagePreview', options['disable-web-page-preview'] === true), ...property('disableNotification', options['disable-notification'] === true)],
    }),
  },
];

/** Each service test with its default options under this configuration, in name order. */
export function serviceTestList(config: HandlerConfig): { readonly name: string; readonly options: Readonly<Record<string, unknown>> }[] {
  return SERVICE_TESTS.map((spec) => ({ name: spec.name, options: spec.defaults(config) }));
}

/** Kapacitor's `ServiceTestResult`. */
export interface ServiceTestResult {
  readonly success: boolean;
  readonly message: string;
}

/**
 * Sends one test notification through the service's handler: the given options over the
 * defaults (a body of `null`, as the CLI sends, takes the defaults), an event with the
 * `message` and `level` options. A refusal (an origin outside post.allowedOrigins, a missing
 * webhook) and a failed delivery are answered as Kapacitor answers them, `success` false with the
 * reason; the reasons come from the handlers, which keep secrets out of them.
 */
export async function runServiceTest(spec: ServiceTestSpec, given: Options | null, config: HandlerConfig, nowNs: bigint): Promise<ServiceTestResult> {
  const options = { ...spec.defaults(config), ...(given ?? {}) };
  const level = LEVELS.find((known) => known === String(options['level'] ?? 'CRITICAL').toUpperCase()) ?? 'CRITICAL';
  const event = testEvent(spec, text(options, 'message') ?? `test ${spec.name} message`, level, nowNs);
  try {
    const handler = buildHandler(spec.instruction(options), config);
    const result = await handler.send(event, { attempt: 1 });
    return result.status === 'delivered' ? { success: true, message: '' } : { success: false, message: result.reason };
  } catch (error) {
    return { success: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function testEvent(spec: ServiceTestSpec, message: string, level: Level, nowNs: bigint): AlertEvent {
  return { id: `${spec.name}-service-test`, message, details: '', time: nowNs, duration: 0n, level, previousLevel: 'OK', recoverable: true, series: [], task: 'service-test', node: spec.name, topic: '', category: '', handlers: [] };
}

export type { ServiceTestSpec };
