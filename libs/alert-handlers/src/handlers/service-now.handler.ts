import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { type GoTemplate, TemplateError, encodeJSONString, parseTemplate } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { checkScriptUrlOrigin, originOf } from '../allowlist/post-allowlist';
import { alertaTemplateData } from './alerta-template-data';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';
import { utf8Prefix } from './teams.handler';

/** Kapacitor's placeholder default; a real instance URL must be configured. */
export const DEFAULT_SERVICENOW_URL = 'https://instance.service-now.com/api/global/em/jsonv2';

/** The templated fields of one event record, in Kapacitor's Event struct order. */
const TEMPLATED = ['node', 'type', 'resource', 'metricName', 'messageKey'] as const;
type Templated = (typeof TEMPLATED)[number];

export interface ServiceNowTarget {
  readonly url: string;
  readonly source: string;
  readonly templates: Readonly<Record<Templated, GoTemplate | undefined>>;
  /** `.additionalInfo(key, value)`: each value a template. */
  readonly additionalInfo: readonly (readonly [string, GoTemplate])[];
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined;
  readonly timeoutMs: number;
}

function severity(level: Level): string {
  if (level === 'CRITICAL') return '1';
  if (level === 'WARNING') return '4';
  return '5';
}

/**
 * Kapacitor ignores a template's execution error and keeps what it wrote so far; vigil's
 * templates do not give that part back, so a failing template renders empty.
 */
function render(template: GoTemplate | undefined, data: object): string {
  if (!template) return '';
  try {
    return template.execute(data);
  } catch (error) {
    if (error instanceof TemplateError) return '';
    throw error;
  }
}

/**
 * The body Kapacitor's servicenow service marshals: one record in its struct's order, fields
 * other than source left out when empty, each cut after 100 bytes (message key 1024, description
 * 4000) as Go slices strings; the message key falls back to the alert id; additional_info is a
 * JSON string of the rendered map (keys sorted). No trailing newline.
 */
export function serviceNowBody(event: AlertEvent, target: Pick<ServiceNowTarget, 'source' | 'templates' | 'additionalInfo'>): string {
  // Kapacitor's templates see the id, measurement, task, fields and tags of the event.
  const data = alertaTemplateData(event);
  const rendered = Object.fromEntries(TEMPLATED.map((name) => [name, render(target.templates[name], data)])) as Record<Templated, string>;
  const additionalInfo = target.additionalInfo.length === 0 ? '' : goJsonObject(target.additionalInfo.map(([key, template]) => [key, encodeJSONString(render(template, data))]));
  const fields: [string, string, number][] = [
    ['node', rendered.node, 100],
    ['type', rendered.type, 100],
    ['resource', rendered.resource, 100],
    ['metric_name', rendered.metricName, 100],
    ['message_key', rendered.messageKey === '' ? event.id : rendered.messageKey, 1024],
    ['severity', severity(event.level), 100],
    ['description', event.message, 4000],
    ['additional_info', additionalInfo, Infinity],
  ];
  let record = `{"source":${encodeJSONString(utf8Prefix(target.source, 100))}`;
  for (const [name, value, limit] of fields) {
    const cut = limit === Infinity ? value : utf8Prefix(value, limit);
    if (cut !== '') record += `,"${name}":${encodeJSONString(cut)}`;
  }
  return `{"records":[${record}}]}`;
}

export class ServiceNowHandler implements Handler {
  readonly kind = 'serviceNow';

  constructor(private readonly target: ServiceNowTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const secrets: string[] = [];
    const { basicAuth } = this.target;
    if (basicAuth) {
      headers['Authorization'] = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
      secrets.push(basicAuth.password, headers['Authorization']);
    }
    return postOnce({ url: this.target.url, headers, body: serviceNowBody(event, this.target), timeoutMs: this.target.timeoutMs, target: 'servicenow event API', secrets }, context);
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

function parse(source: string, what: string): GoTemplate {
  try {
    return parseTemplate(source, { name: what, html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.serviceNow().${what}() does not parse: ${error.message}`);
    throw error;
  }
}

/** A URL written in a script is held to post.allowedOrigins when that list is set, as `.post()` is. */
export function checkServiceNowInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  checkScriptUrlOrigin('.serviceNow().url()', stringOption(instruction, 'url') ?? '', config.post, 'serviceNow.url');
}

export function buildServiceNowHandler(instruction: HandlerInstruction, config: HandlerConfig): ServiceNowHandler {
  checkOptionNames(instruction);
  checkServiceNowInstruction(instruction, config);
  const settings = config.serviceNow;
  // Empty script values fall back to the configuration, as in Kapacitor.
  const url = stringOption(instruction, 'url') || settings?.url || '';
  if (url === '') throw new HandlerOptionError(".serviceNow() needs the event API URL: configure serviceNow.url or add .url('https://...')");
  checkUrl(url, 'serviceNow');
  const template = (name: Templated): GoTemplate | undefined => {
    const source = stringOption(instruction, name) ?? '';
    return source === '' ? undefined : parse(source, name);
  };
  const additionalInfo = allOptions(instruction, 'additionalInfo').map(([key, value]) => [String(key), parse(String(value), 'additionalInfo')] as const);
  const username = settings?.username ?? '';
  const password = settings?.password ?? '';
  return new ServiceNowHandler({
    url,
    source: stringOption(instruction, 'source') || settings?.source || '',
    templates: { node: template('node'), type: template('type'), resource: template('resource'), metricName: template('metricName'), messageKey: template('messageKey') },
    // A later call of one key replaces the earlier value, as a Go map does.
    additionalInfo: [...new Map(additionalInfo)],
    basicAuth: username !== '' && password !== '' ? { username, password } : undefined,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
