import type { AlertEvent, HandlerInstruction, Level } from '@vigil/core';
import { type GoTemplate, TemplateError, encodeJSONString, parseTemplate } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, allOptions, checkOptionNames, durationOptionMs, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { alertResultJson } from './alert-result-json';
import { alertaTemplateData } from './alerta-template-data';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';

/** Templates of one `.alerta()`, parsed when the handler is built. */
export interface AlertaTemplates {
  readonly resource: GoTemplate;
  readonly event: GoTemplate;
  readonly environment: GoTemplate;
  readonly group: GoTemplate;
  readonly value: GoTemplate;
  readonly services: readonly GoTemplate[];
  readonly correlated: readonly GoTemplate[];
}

export interface AlertaTarget {
  /** `<url>/alert`. */
  readonly url: string;
  readonly token: string;
  readonly tokenPrefix: string;
  readonly origin: string;
  readonly templates: AlertaTemplates;
  /** Kapacitor's level keys (ok, info, warn, crit) renamed to other Alerta severities. */
  readonly renamedSeverities: Readonly<Record<string, string>>;
  /** How long Alerta keeps the alert open, in whole seconds (default 24 h). */
  readonly alertTimeoutSeconds: number;
  /** HTTP request timeout, in ms. */
  readonly timeoutMs: number;
}

const SEVERITY: Record<Level, readonly [key: string, severity: string]> = {
  OK: ['ok', 'ok'],
  INFO: ['info', 'informational'],
  WARNING: ['warn', 'warning'],
  CRITICAL: ['crit', 'critical'],
};

const render = (template: GoTemplate, data: object): string => template.execute(data);

/** An event whose resource or event renders empty: Alerta would refuse it, as Kapacitor does. */
export class AlertaFieldError extends Error {
  override readonly name = 'AlertaFieldError';
}

/**
 * The body Kapacitor's alerta service posts: a map encoded by Go (keys sorted, plus a newline),
 * with the templated fields, the severity from the level, the tags as `k=v` (sorted, where Go's
 * map order is random) and the event's models.Result as rawData. Throws TemplateError when a
 * template fails on this event, AlertaFieldError when resource or event renders empty.
 */
export function alertaBody(event: AlertEvent, target: Pick<AlertaTarget, 'templates' | 'renamedSeverities' | 'origin' | 'alertTimeoutSeconds'>): string {
  const data = alertaTemplateData(event);
  const { templates } = target;
  const [key, standard] = SEVERITY[event.level];
  const strings = (list: readonly string[]): string => '[' + list.map(encodeJSONString).join(',') + ']';
  const name = event.series[0]?.name ?? '';
  // Kapacitor falls back to the measurement name when no services or correlated events are set.
  const services = templates.services.length > 0 ? templates.services.map((t) => render(t, data)) : [name];
  const correlated = templates.correlated.length > 0 ? templates.correlated.map((t) => render(t, data)) : [name];
  const tags = Object.entries(event.series[0]?.tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const resource = render(templates.resource, data);
  const alertEvent = render(templates.event, data);
  if (resource === '' || alertEvent === '') throw new AlertaFieldError('resource and event are required and rendered empty');
  const fields: [string, string][] = [
    ['resource', encodeJSONString(resource)],
    ['event', encodeJSONString(alertEvent)],
    ['environment', encodeJSONString(render(templates.environment, data))],
    ['severity', encodeJSONString(target.renamedSeverities[key] ?? standard)],
    ['group', encodeJSONString(render(templates.group, data))],
    ['value', encodeJSONString(render(templates.value, data))],
    ['text', encodeJSONString(event.message)],
    ['origin', encodeJSONString(target.origin)],
    ['rawData', alertResultJson(event)],
    ['service', strings(services)],
    ['correlate', strings(correlated)],
    ['timeout', String(target.alertTimeoutSeconds)],
    ['tags', strings(tags)],
  ];
  return goJsonObject(fields) + '\n';
}

/**
 * Kapacitor's `.alerta()`: POST `<url>/alert` with `Authorization: <prefix> <token>`. Kapacitor
 * wants exactly 201 Created; vigil accepts any 2xx and classifies the rest with the shared policy.
 */
export class AlertaHandler implements Handler {
  readonly kind = 'alerta';

  constructor(private readonly target: AlertaTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    let body: string;
    try {
      body = alertaBody(event, this.target);
    } catch (error) {
      if (error instanceof TemplateError || error instanceof AlertaFieldError) return Promise.resolve(failed(false, `alerta: template failed: ${error.message}`));
      throw error;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.target.token !== '') headers['Authorization'] = `${this.target.tokenPrefix} ${this.target.token}`;
    return postOnce({ url: this.target.url, headers, body, timeoutMs: this.target.timeoutMs, target: 'alerta API', secrets: [this.target.token] }, context);
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

function parseAlertaTemplate(source: string, what: string): GoTemplate {
  try {
    return parseTemplate(source, { name: what, html: false });
  } catch (error) {
    if (error instanceof TemplateError) throw new HandlerOptionError(`.alerta().${what}() does not parse: ${error.message}`);
    throw error;
  }
}

function renamedSeverities(instruction: HandlerInstruction): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const args of allOptions(instruction, 'renameSeverity')) {
    const [from, to] = args;
    if (args.length !== 2 || typeof from !== 'string' || typeof to !== 'string' || !['ok', 'info', 'warn', 'crit'].includes(from)) {
      throw new HandlerOptionError(".alerta().renameSeverity() takes a level key (ok, info, warn, crit) and a severity, e.g. .renameSeverity('crit', 'major')");
    }
    renamed[from] = to;
  }
  return renamed;
}

export function buildAlertaHandler(instruction: HandlerInstruction, config: HandlerConfig): AlertaHandler {
  checkOptionNames(instruction);
  const settings = config.alerta;
  if (!settings || settings.url === '') throw new HandlerOptionError('.alerta() needs the Alerta API URL: configure alerta.url');
  checkUrl(settings.url, 'alerta');
  const url = new URL(settings.url);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/alert`;
  const option = (name: 'token' | 'tokenPrefix' | 'resource' | 'event' | 'environment' | 'group' | 'value' | 'origin', fallback: string): string => {
    const value = stringOption(instruction, name);
    return value === undefined || value === '' ? fallback : value;
  };
  const templateList = (name: 'services' | 'correlated'): GoTemplate[] =>
    allOptions(instruction, name)
      .at(-1)
      ?.map((source) => parseAlertaTemplate(String(source), name)) ?? [];
  const alertTimeoutMs = durationOptionMs(instruction, 'timeout') ?? 24 * 3600 * 1000;
  return new AlertaHandler({
    url: url.toString(),
    token: option('token', settings.token ?? ''),
    tokenPrefix: option('tokenPrefix', settings.tokenPrefix ?? 'Bearer'),
    origin: option('origin', settings.origin ?? ''),
    templates: {
      resource: parseAlertaTemplate(option('resource', '{{ .Name }}'), 'resource'),
      event: parseAlertaTemplate(option('event', '{{ .ID }}'), 'event'),
      environment: parseAlertaTemplate(option('environment', settings.environment ?? ''), 'environment'),
      group: parseAlertaTemplate(option('group', '{{ .Group }}'), 'group'),
      value: parseAlertaTemplate(option('value', ''), 'value'),
      services: templateList('services'),
      correlated: templateList('correlated'),
    },
    renamedSeverities: renamedSeverities(instruction),
    // Go truncates the duration to whole seconds.
    alertTimeoutSeconds: Math.trunc(alertTimeoutMs / 1000),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
