import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { formatRFC3339Nano } from '@vigil/go-format';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames } from '../handler-options';
import { basicAuthHeader, postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { checkUrl } from './post.handler';

export interface AlertmanagerTarget {
  readonly url: string;
  readonly authorization: string;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
}

/**
 * One postable alert for Alertmanager's API v2. Labels identify the alert (alertname = alert id,
 * plus the tags of the first series row); a non-OK event opens it at the event time and an OK event
 * closes it (endsAt), so Alertmanager resolves it.
 */
export function alertmanagerBody(event: AlertEvent): string {
  const labels: Record<string, string> = {};
  const tags = event.series[0]?.tags ?? {};
  for (const key of Object.keys(tags).sort()) labels[key] = tags[key] ?? '';
  labels['alertname'] = event.id;
  labels['level'] = event.level;
  if (event.task !== '') labels['task'] = event.task;
  const time = formatRFC3339Nano(event.time);
  const alert: Record<string, unknown> = { labels, annotations: { message: event.message, details: event.details } };
  if (event.level === 'OK') alert['endsAt'] = time;
  else alert['startsAt'] = time;
  return JSON.stringify([alert]);
}

export class AlertmanagerHandler implements Handler {
  readonly kind = 'alertmanager';

  constructor(private readonly target: AlertmanagerTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.target.authorization !== '') headers['Authorization'] = this.target.authorization;
    return postOnce(
      {
        url: this.target.url.replace(/\/+$/, '') + '/api/v2/alerts',
        headers,
        body: alertmanagerBody(event),
        timeoutMs: this.target.timeoutMs,
        target: 'alertmanager',
        secrets: this.target.secrets,
      },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildAlertmanagerHandler(instruction: HandlerInstruction, config: HandlerConfig): AlertmanagerHandler {
  checkOptionNames(instruction, []);
  const settings = config.alertmanager;
  if (!settings) throw new HandlerOptionError('.alertmanager() needs a server: configure alertmanager.url');
  checkUrl(settings.url, 'alertmanager');
  const auth = settings.basicAuth;
  return new AlertmanagerHandler({
    url: settings.url,
    authorization: auth ? basicAuthHeader(auth.username, auth.password) : '',
    secrets: auth ? [auth.password, basicAuthHeader(auth.username, auth.password)] : [],
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
