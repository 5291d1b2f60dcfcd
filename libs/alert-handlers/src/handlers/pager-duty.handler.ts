import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { encodeJSONString } from '@vigil/go-format';
import { type DeliveryResult, type Handler, type SendContext, failed } from '../handler';
import { DEFAULT_TIMEOUT_MS, type HandlerConfig } from '../handler-config';
import { HandlerOptionError, checkOptionNames, stringOption } from '../handler-options';
import { postOnce } from '../http-deliver';
import { originOf } from '../allowlist/post-allowlist';
import { goJsonObject } from './go-json-object';
import { checkUrl } from './post.handler';

export const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/generic/2010-04-15/create_event.json';

export interface PagerDutyTarget {
  readonly url: string;
  readonly serviceKey: string;
  readonly clientUrl: string;
  readonly timeoutMs: number;
}

/**
 * The Events API v1 body Kapacitor's pagerduty service encodes: a map of strings (keys sorted),
 * trigger for WARNING and CRITICAL, resolve for OK, the alert id as incident key, the message as
 * description and the details text; newline. Undefined for INFO, which Kapacitor does not send.
 */
export function pagerDutyBody(event: AlertEvent, target: Pick<PagerDutyTarget, 'serviceKey' | 'clientUrl'>): string | undefined {
  if (event.level === 'INFO') return undefined;
  return (
    goJsonObject([
      ['service_key', encodeJSONString(target.serviceKey)],
      ['event_type', event.level === 'OK' ? '"resolve"' : '"trigger"'],
      ['description', encodeJSONString(event.message)],
      ['incident_key', encodeJSONString(event.id)],
      ['client', '"kapacitor"'],
      ['client_url', encodeJSONString(target.clientUrl)],
      ['details', encodeJSONString(event.details)],
    ]) + '\n'
  );
}

export class PagerDutyHandler implements Handler {
  readonly kind = 'pagerDuty';

  constructor(private readonly target: PagerDutyTarget) {}

  send(event: AlertEvent, context: SendContext): Promise<DeliveryResult> {
    const body = pagerDutyBody(event, this.target);
    // Kapacitor reports the same error and sends nothing.
    if (body === undefined) return Promise.resolve(failed(false, "pagerDuty: AlertLevel 'info' is ignored by the PagerDuty v1 service, as in Kapacitor; nothing sent"));
    return postOnce(
      { url: this.target.url, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: this.target.timeoutMs, target: 'pagerduty events API v1', secrets: [this.target.serviceKey] },
      context,
    );
  }

  targetOrigin(): string | undefined {
    return originOf(this.target.url);
  }
}

export function buildPagerDutyHandler(instruction: HandlerInstruction, config: HandlerConfig): PagerDutyHandler {
  checkOptionNames(instruction);
  const settings = config.pagerDuty;
  // An empty script key falls back to the configuration, as in Kapacitor.
  const serviceKey = stringOption(instruction, 'serviceKey') || settings?.serviceKey || '';
  if (serviceKey === '') throw new HandlerOptionError('.pagerDuty() needs a service key: configure pagerDuty.serviceKey (or use .pagerDuty2() with pagerDuty2.routingKey)');
  const url = settings?.url ?? DEFAULT_PAGERDUTY_URL;
  checkUrl(url, 'pagerDuty');
  return new PagerDutyHandler({ url, serviceKey, clientUrl: settings?.clientUrl ?? '', timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
